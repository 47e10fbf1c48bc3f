package io.omnimargin.service.support;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.settlement.testkit.LocalVault;
import io.omnimargin.testsupport.AnvilNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * One real source chain for the service: anvil as Ethereum (chain 1) with an OmnimarginVault, read
 * by two adapters (k = 2), whose finality is expected within 120 s (and a block within 120 s: anvil
 * mines only on demand): a route whose bridge health the test can spoil by letting the hub's clock
 * run while the chain makes no new final block.
 */
public class OneChainResource implements QuarkusTestResourceLifecycleManager {
  private AnvilNode ethereum;

  @Override
  public Map<String, String> start() {
    ethereum = AnvilNode.start(1);
    LocalVault vault =
        LocalVault.deploy(ethereum, PrivateKey.fromHex("0x" + "11".repeat(32)).address());
    Map<String, String> config = new HashMap<>();
    config.put("omnimargin.settlement.poll-interval", "100ms");
    config.put(
        "omnimargin.settlement.chains.\"1\".rpc-urls",
        ethereum.rpcUrl() + "," + ethereum.rpcUrl() + "/");
    config.put("omnimargin.settlement.chains.\"1\".confirmations", "1");
    config.put("omnimargin.settlement.chains.\"1\".vault", vault.vault.toChecksumHex());
    config.put("omnimargin.risk.routes.\"1\".finality-lag", "120s");
    config.put("omnimargin.risk.routes.\"1\".block-time", "120s");
    config.put("test.chains.ethereum", ethereum.rpcUrl());
    return config;
  }

  @Override
  public void stop() {
    if (ethereum != null) {
      ethereum.close();
    }
  }
}
