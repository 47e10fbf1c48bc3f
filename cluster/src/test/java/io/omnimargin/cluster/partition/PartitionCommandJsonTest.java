package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of ledger command reads back as written; anything else is refused as unreadable. */
class PartitionCommandJsonTest {
  private static final Address A = Address.parse("0x00000000000000000000000000000000000000a1");
  private static final Address B = Address.parse("0x00000000000000000000000000000000000000b2");
  private static final OrderId INTENT = OrderId.parse("0x" + "c3".repeat(32));
  private static final CollateralKey USDC = new CollateralKey(42_161, "USDC");

  @Test
  void everyCommandReadsBackAsWritten() {
    Trade trade =
        new Trade("BTC-PERP", A, B, Wad.of("-0.25"), Wad.of("60000"), Wad.of("1.2"), Wad.of("3"));
    List<PartitionCommand> all =
        List.of(
            new PartitionCommand.BookTrade(INTENT.toHex(), trade),
            new PartitionCommand.ApplyLeg(
                new TradeLeg(
                    "t9", B, "BTC-PERP", Wad.ONE, Wad.of("60000"), BigInteger.ZERO, Wad.ONE)),
            reserve(
                new ProposedChange.Order("SOL-PERP", false, Wad.of("12.5"), Wad.of("150"), true)),
            reserve(new ProposedChange.Withdrawal(USDC, BigInteger.valueOf(1_000_000))),
            reserve(
                new ProposedChange.CashPayout(USDC, BigInteger.valueOf(5_000_000), Wad.of("5"))),
            new PartitionCommand.Reprice(
                new Reservation(
                    B,
                    INTENT,
                    new ProposedChange.Order(
                        "BTC-PERP", true, Wad.of("0.5"), Wad.of("61000"), false))),
            new PartitionCommand.Release(A, INTENT),
            PartitionCommand.Release.ofUnanswered(B, INTENT, "req-9"),
            new PartitionCommand.Reserve(
                new Reservation(
                    B, INTENT, new ProposedChange.Withdrawal(USDC, BigInteger.TEN), "req-8")),
            new PartitionCommand.Payout(B, INTENT),
            new PartitionCommand.ApplyLeg(
                new TradeLeg(
                    "t8",
                    A,
                    "ETH-PERP",
                    Wad.ONE.negate(),
                    Wad.of("-3000"),
                    Wad.ONE,
                    BigInteger.ZERO),
                1_800_003_600L),
            new PartitionCommand.AdjustCollateral(A, USDC, BigInteger.valueOf(-25), "req-1"),
            new PartitionCommand.MoveCash(
                B, SystemShards.Role.INSURANCE_FUND, Wad.of("-7.5"), "req-2"),
            new PartitionCommand.CompleteLiquidation(A, 42L << 41 | 7, java.util.Optional.empty()),
            new PartitionCommand.CompleteLiquidation(
                A,
                9,
                java.util.Optional.of(
                    new io.omnimargin.margin.clearing.Takeover(
                        B, java.util.Map.of("ETH-PERP", Wad.of("2950.5"), "BTC-PERP", Wad.ONE)))),
            new PartitionCommand.CloseFunding(7, "ETH-PERP", 1_800_003_600L),
            new PartitionCommand.SettleFunding(
                7, "ETH-PERP", 1_800_003_600L, Wad.of("3000.5"), Wad.of("-0.0001")),
            new PartitionCommand.ProvenBalance(
                B, USDC, new BigInteger("123456789012345678901234567890")));
    for (PartitionCommand command : all) {
      assertThat(PartitionCommandJson.read(PartitionCommandJson.write(command))).isEqualTo(command);
    }
  }

  @Test
  void aRecordThatIsNotACommandIsRefusedAsUnreadable() {
    for (String bad :
        List.of(
            "{\"type\":\"mint\"}",
            "{\"type\":\"release\",\"account\":\"0x12\",\"intent\":\"" + INTENT.toHex() + "\"}",
            "{\"type\":\"proven-balance\",\"account\":\""
                + A.toLowerHex()
                + "\",\"chainId\":1,"
                + "\"asset\":\"ETH\",\"balance\":\"-1\"}",
            "{\"type\":\"reserve\",\"reservation\":{\"account\":\""
                + A.toLowerHex()
                + "\","
                + "\"intent\":\""
                + INTENT.toHex()
                + "\",\"change\":{\"kind\":\"loan\"}}}",
            "not json")) {
      assertThatThrownBy(() -> PartitionCommandJson.read(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static PartitionCommand reserve(ProposedChange change) {
    return new PartitionCommand.Reserve(new Reservation(A, INTENT, change));
  }
}
