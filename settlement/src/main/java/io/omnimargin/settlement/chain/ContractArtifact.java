package io.omnimargin.settlement.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * A compiled contract from {@code settlement/contracts/build} (committed, rebuilt by {@code
 * contracts/compile.mjs}), read from the classpath.
 */
public record ContractArtifact(String name, String bytecode, String compiler, String sourceSha256) {

  public static final ContractArtifact VAULT = load("OmnimarginVault");
  public static final ContractArtifact PRICE_AGGREGATOR = load("PriceAggregator");
  public static final ContractArtifact TEST_TOKEN = load("TestToken");
  public static final ContractArtifact HTLC = load("HtlcSwap");

  public static ContractArtifact load(String name) {
    String resource = "/contracts/" + name + ".json";
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "contract artifact " + resource + " is not on the classpath");
      }
      JsonNode json = new ObjectMapper().readTree(in);
      return new ContractArtifact(
          json.get("contractName").asText(),
          json.get("bytecode").asText(),
          json.get("compiler").asText(),
          json.get("sourceSha256").asText());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read contract artifact " + resource, e);
    }
  }
}
