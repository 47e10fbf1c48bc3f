package io.omnimargin.service.support;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.testkit.LocalVault;
import io.omnimargin.testsupport.AnvilNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two real source chains for the service: anvil as Ethereum (chain 1) and as Polygon (chain 137),
 * each with an OmnimarginVault, Polygon with a 6-decimal USDC made collateral there. Ethereum's
 * route has three adapters with k = 2: two honest endpoints and a third node forked from it, which
 * agrees until the test makes it mine its own blocks.
 */
public class TwoChainsResource implements QuarkusTestResourceLifecycleManager {
  /** The insurance fund's address on the source chains. */
  public static final String INSURANCE = "0x00000000000000000000000000000000000f00d1";

  /** A solver on the operator's allow-list. */
  public static final PrivateKey SOLVER_KEY = PrivateKey.fromHex("0x" + "44".repeat(32));

  /** The hub's settlement key, the vaults' {@code hub}; a test key, never a real one. */
  public static final PrivateKey HUB_KEY = PrivateKey.fromHex("0x" + "11".repeat(32));

  private AnvilNode ethereum;
  private AnvilNode polygon;
  private AnvilNode impostor;

  @Override
  public Map<String, String> start() {
    ethereum = AnvilNode.start(1);
    polygon = AnvilNode.start(137);
    LocalVault a = LocalVault.deploy(ethereum, HUB_KEY.address());
    LocalVault b = LocalVault.deploy(polygon, HUB_KEY.address());
    impostor = AnvilNode.start(1, List.of("--fork-url", ethereum.rpcUrl()));
    Map<String, String> config = new HashMap<>();
    config.put("omnimargin.margin.gate-intake", "true");
    // no liquidation penalty: the seizure below collects exactly the trading loss
    config.put("omnimargin.clearing.liquidation-penalty", "0");
    config.put("omnimargin.settlement.poll-interval", "100ms");
    config.put(
        "omnimargin.settlement.chains.\"1\".rpc-urls",
        ethereum.rpcUrl() + "," + ethereum.rpcUrl() + "/," + impostor.rpcUrl());
    config.put("omnimargin.settlement.chains.\"1\".quorum", "2");
    config.put("omnimargin.settlement.chains.\"1\".confirmations", "1");
    config.put("omnimargin.settlement.chains.\"1\".vault", a.vault.toChecksumHex());
    config.put("omnimargin.settlement.chains.\"137\".rpc-urls", polygon.rpcUrl());
    config.put("omnimargin.settlement.chains.\"137\".confirmations", "1");
    config.put("omnimargin.settlement.chains.\"137\".vault", b.vault.toChecksumHex());
    config.put("omnimargin.settlement.hub-key", "0x" + "11".repeat(32));
    config.put("omnimargin.solvers.allow", SOLVER_KEY.address().toChecksumHex());
    config.put("omnimargin.settlement.insurance-address", INSURANCE);
    config.put("omnimargin.settlement.relayer-key", AnvilNode.DEV_KEY);
    config.put("omnimargin.margin.collateral.\"USDC@137\".haircut", "0.02");
    config.put("omnimargin.margin.collateral.\"USDC@137\".buffer", "0.05");
    config.put(
        "omnimargin.margin.collateral.\"USDC@137\".token",
        Bytes32.leftPad(b.usdc.toArray()).toHex());
    // for the test itself
    config.put("test.chains.ethereum", ethereum.rpcUrl());
    config.put("test.chains.polygon", polygon.rpcUrl());
    config.put("test.chains.impostor", impostor.rpcUrl());
    config.put("test.chains.usdc", b.usdc.toChecksumHex());
    return config;
  }

  @Override
  public void stop() {
    for (AnvilNode node : new AnvilNode[] {impostor, polygon, ethereum}) {
      if (node != null) {
        node.close();
      }
    }
  }
}
