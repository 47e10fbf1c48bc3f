package io.omnimargin.margin.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Flows;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Stored form of a ledger account, shared by the durable ledger stores (Redis, embedded): one JSON
 * document per account. Amounts are exact decimal integers (base units and wad), never floating
 * point.
 */
public final class AccountJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AccountJson() {}

  public static String write(Account account) {
    ObjectNode node = JSON.createObjectNode();
    node.put("owner", account.owner().toLowerHex());
    node.put("cash", account.cash().toString());
    Flows f = account.flows();
    if (!f.equals(Flows.NONE)) {
      node.putObject("flows")
          .put("feesPaid", f.feesPaid().toString())
          .put("feesEarned", f.feesEarned().toString())
          .put("fundingPaid", f.fundingPaid().toString())
          .put("fundingReceived", f.fundingReceived().toString());
    }
    ArrayNode collateral = node.putArray("collateral");
    account
        .collateral()
        .forEach(
            (k, amount) ->
                collateral
                    .addObject()
                    .put("chainId", k.chainId())
                    .put("asset", k.asset())
                    .put("amount", amount.toString()));
    ArrayNode positions = node.putArray("positions");
    for (Position p : account.positions().values()) {
      positions
          .addObject()
          .put("market", p.market())
          .put("size", p.size().toString())
          .put("cost", p.cost().toString())
          .put("funding", p.funding().toString());
    }
    return node.toString();
  }

  /**
   * @throws UncheckedIOException on a document {@link #write} did not produce
   */
  public static Account read(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      Map<CollateralKey, BigInteger> collateral = new HashMap<>();
      for (JsonNode c : node.get("collateral")) {
        collateral.put(
            new CollateralKey(c.get("chainId").asLong(), c.get("asset").asText()),
            new BigInteger(c.get("amount").asText()));
      }
      Map<String, Position> positions = new HashMap<>();
      for (JsonNode p : node.get("positions")) {
        positions.put(p.get("market").asText(), position(p));
      }
      return new Account(
          Address.parse(node.get("owner").asText()),
          collateral,
          positions,
          new BigInteger(node.get("cash").asText()),
          flows(node.get("flows")));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt ledger entry", e);
    }
  }

  /** A position as stored: its cost basis, or (written before cost bases) its entry price. */
  private static Position position(JsonNode p) {
    String market = p.get("market").asText();
    BigInteger size = new BigInteger(p.get("size").asText());
    Position position =
        p.has("cost")
            ? new Position(market, size, new BigInteger(p.get("cost").asText()))
            : Position.at(market, size, new BigInteger(p.get("entryPrice").asText()));
    return p.has("funding")
        ? position.withFunding(new BigInteger(p.get("funding").asText()))
        : position;
  }

  /** The running totals, absent in documents written before they were kept. */
  private static Flows flows(JsonNode f) {
    if (f == null) {
      return Flows.NONE;
    }
    return new Flows(
        new BigInteger(f.get("feesPaid").asText()),
        new BigInteger(f.get("feesEarned").asText()),
        new BigInteger(f.get("fundingPaid").asText()),
        new BigInteger(f.get("fundingReceived").asText()));
  }
}
