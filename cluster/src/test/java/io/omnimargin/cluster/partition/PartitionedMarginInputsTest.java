package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.cluster.Broker;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workflows' writes (deposits proven, provisional credits and their reversal, fills, a
 * seizure's compensation, a payout and a refused payout's cash back) sent as engine inputs to a
 * partitioned ledger on a real broker, two writers over four partitions, leave every account as the
 * same inputs leave it on one engine, and the system accounts' shards add up to the one engine's
 * system accounts.
 */
class PartitionedMarginInputsTest {
  private static final long NOW = ReservationHistory.NOW;
  private static final CollateralKey ETH = ReservationHistory.ETH;
  private static final CollateralKey USDC = new CollateralKey(42_161, "USDC");
  private static final int PARTITIONS = 4;
  @RegisterExtension static final Broker broker = new Broker();
  private final Writers writers = new Writers(broker.bootstrapServers(), PARTITIONS);
  private final InMemoryPartitionStore store = writers.store;
  private final LedgerPartitioner partitioner = writers.partitioner;
  private final SystemShards shards = writers.shards;

  @AfterEach
  void stop() {
    writers.close();
  }

  @Test
  @Timeout(120)
  void theWorkflowsWritesLeaveThePartitionsAsTheyLeaveOneEngine() throws Exception {
    PartitionWriter w1 = writers.start("w1");
    PartitionWriter w2 = writers.start("w2");
    Writers.awaitAssigned(w1, w2, PARTITIONS);
    MarginInputs partitioned =
        new PartitionedMarginInputs(w1, shards, new NoMarkets(), Duration.ofSeconds(10));
    MarginEngine one =
        new MarginEngine(new Valuator(RiskConfig.defaults()), () -> NOW, e -> {}, LedgerStore.NONE);
    one.onPrice("ETH", new Price(Wad.of("3000"), NOW));
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    System.out.println("PartitionedMarginInputsTest seed " + seed);
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 6);
    List<EngineInput> inputs = new ArrayList<>();
    for (Address a : accounts) {
      inputs.add(new EngineInput.CollateralBalance(a, ETH, Wad.of("10"), "proof"));
    }
    for (int i = 0; i < 16; i++) {
      Trade t = TwoStepTradeHistory.trade(random, accounts);
      Trade eth =
          new Trade(
              "ETH-PERP",
              t.taker(),
              t.maker(),
              t.takerDelta().divide(BigInteger.TEN),
              Wad.of("3000").add(BigInteger.valueOf(random.nextInt(1_000_000))),
              t.makerFee(),
              t.protocolFee());
      inputs.add(new EngineInput.Fill(eth, intent(i)));
    }
    Address a = accounts.get(0);
    inputs.add(new EngineInput.CollateralChange(a, ETH, Wad.of("0.5"), "fronted"));
    inputs.add(new EngineInput.CollateralChange(a, ETH, Wad.of("-0.5"), "front reversed"));
    inputs.add(
        new EngineInput.Transfer(ClearingParameters.INSURANCE_FUND, a, Wad.of("20"), "seized"));
    inputs.add(new EngineInput.Transfer(a, ClearingParameters.FEE_POOL, Wad.of("1"), "penalty"));
    for (EngineInput input : inputs) {
      one.apply(input);
      partitioned.apply(input);
      writers.awaitNothingInFlight();
    }

    // a payout of reserved cash, and a refused one's cash coming back
    OrderId payout = intent(100);
    ProposedChange cash =
        new ProposedChange.CashPayout(USDC, BigInteger.valueOf(2_000_000), Wad.of("2"));
    assertThat(one.reserve(a, payout, cash).accepted()).isTrue();
    assertThat(
            w2.submit(new PartitionCommand.Reserve(new Reservation(a, payout, cash)))
                .get(10, TimeUnit.SECONDS))
        .isEqualTo("accepted");
    for (EngineInput input :
        List.of(
            new EngineInput.Payout(a, payout, Wad.of("2"), "payout"),
            new EngineInput.Transfer(ClearingParameters.SETTLEMENT_POOL, a, Wad.of("2"), "back"))) {
      one.apply(input);
      partitioned.apply(input);
    }
    writers.awaitNothingInFlight();

    List<PartitionState> all = store.loadAll(PARTITIONS);
    for (Address account : accounts) {
      PartitionState home = all.get(partitioner.of(account));
      assertThat(home.account(account))
          .as("%s", account)
          .isEqualTo(one.snapshot(account).account());
    }
    for (SystemShards.Role role : SystemShards.Role.values()) {
      BigInteger sum = BigInteger.ZERO;
      for (PartitionState state : all) {
        sum = sum.add(state.account(shards.shard(role, state.partition())).cash());
      }
      assertThat(sum).as("%s's shards", role).isEqualTo(one.cash(shards.shard(role, 0)));
    }
    assertThat(PartitionedLedgerView.summary(all, shards).imbalance()).isZero();
  }

  @Test
  @Timeout(90)
  void aRefusedInputChangesNothingAndATransferBetweenTwoTradersIsNotTaken() throws Exception {
    PartitionWriter w1 = writers.start("w1");
    MarginInputs partitioned =
        new PartitionedMarginInputs(w1, shards, new NoMarkets(), Duration.ofSeconds(10));
    List<Address> two = TwoStepTradeHistory.accounts(new Random(), 2);
    partitioned.apply(new EngineInput.CollateralBalance(two.get(0), ETH, Wad.ONE, "proof"));

    assertThatThrownBy(
            () ->
                partitioned.apply(
                    new EngineInput.CollateralChange(two.get(0), ETH, Wad.of("-2"), "too much")))
        .isInstanceOf(PartitionedMarginInputs.Refused.class)
        .hasMessageContaining("insufficient-balance");
    assertThat(store.load(partitioner.of(two.get(0))).account(two.get(0)).balance(ETH))
        .isEqualTo(Wad.ONE);
    assertThatThrownBy(
            () ->
                partitioned.apply(
                    new EngineInput.Transfer(two.get(0), two.get(1), Wad.ONE, "between traders")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Timeout(90)
  void aCommandSentAgainUnderItsIdIsAppliedOnce() throws Exception {
    PartitionWriter w1 = writers.start("w1");
    PartitionedMarginInputs partitioned =
        new PartitionedMarginInputs(w1, shards, new NoMarkets(), Duration.ofSeconds(10));
    Address a = TwoStepTradeHistory.accounts(new Random(), 1).get(0);
    // as a retry after an answer that did not come: the same command, the same ids
    for (EngineInput input :
        List.of(
            new EngineInput.CollateralBalance(a, ETH, Wad.ONE, "proof"),
            new EngineInput.CollateralChange(a, ETH, Wad.of("0.5"), "fronted"),
            new EngineInput.Transfer(
                ClearingParameters.INSURANCE_FUND, a, Wad.of("3"), "seized"))) {
      PartitionCommand command = partitioned.command(input).orElseThrow();
      assertThat(w1.submit(command).get(10, TimeUnit.SECONDS)).doesNotStartWith("refused");
      assertThat(w1.submit(command).get(10, TimeUnit.SECONDS)).doesNotStartWith("refused");
    }
    Account account = store.load(partitioner.of(a)).account(a);
    assertThat(account.balance(ETH)).isEqualTo(Wad.of("1.5"));
    assertThat(account.cash()).isEqualTo(Wad.of("3"));
  }

  private static OrderId intent(int n) {
    return OrderId.parse(String.format("0x%064x", 5_000 + n));
  }
}
