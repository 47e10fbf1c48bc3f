package io.omnimargin.service.support;

import io.omnimargin.settlement.chain.ContractArtifact;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.testsupport.AnvilNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;

/**
 * A real anvil chain with a {@code PriceAggregator} (8 decimals, "ETH / USD") deployed, and the
 * service's Chainlink reader pointed at it, polling every 100 ms. Rounds are posted by the test
 * with {@link AnvilNode#DEV_KEY}, the aggregator's owner.
 */
public class AnvilOracleResource implements QuarkusTestResourceLifecycleManager {
  private AnvilNode node;

  @Override
  public Map<String, String> start() {
    node = AnvilNode.start(31337);
    try (EvmChain chain = new EvmChain(node.rpcUrl())) {
      String aggregator =
          chain.deploy(
              Credentials.create(AnvilNode.DEV_KEY),
              ContractArtifact.PRICE_AGGREGATOR,
              FunctionEncoder.encodeConstructor(
                  List.of(new Uint8(8), new Utf8String("ETH / USD"))));
      return Map.of(
          "omnimargin.oracle.chainlink.rpc-url",
          node.rpcUrl(),
          "omnimargin.oracle.chainlink.feeds.ETH",
          aggregator,
          "omnimargin.oracle.chainlink.poll-interval",
          "100ms");
    }
  }

  @Override
  public void stop() {
    if (node != null) {
      node.close();
    }
  }
}
