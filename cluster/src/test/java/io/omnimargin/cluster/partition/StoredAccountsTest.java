package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.contagion.ConcentrationLimit;
import io.omnimargin.margin.contagion.DefaultScenarios;
import io.omnimargin.margin.contagion.ReturnSeries;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The risk monitor of a partitioned ledger, whose market engine holds no accounts, scans the stored
 * partitions: after a random history of deposits and trades across four partitions it measures the
 * same exposure, runs the same scenarios to the same results and answers the same concentration
 * breaches as the monitor of one engine that booked the same history whole.
 */
class StoredAccountsTest {
  private static final long NOW = ReservationHistory.NOW;
  private static final CollateralKey ETH = new CollateralKey(1, "ETH");
  private static final CollateralKey USDC = new CollateralKey(42161, "USDC");
  private static final int PARTITIONS = 4;
  private static final RiskConfig RISK = RiskConfig.defaults();

  @Test
  void aScanOfTheStoredPartitionsMeasuresWhatOneEngineHoldingTheLedgerMeasures() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    PartitionedCluster cluster =
        new PartitionedCluster(
            PARTITIONS,
            new InMemoryPartitionStore(),
            (partition, clearing, ledger) ->
                priced(new MarginEngine(new Valuator(RISK), () -> NOW, e -> {}, ledger, clearing)));
    MarginEngine one = priced(new MarginEngine(new Valuator(RISK), () -> NOW, e -> {}));
    List<Address> accounts = TwoStepTradeHistory.accounts(random, 12);
    int request = 0;
    for (Address a : accounts) {
      // most hold ETH on mainnet, a few a lot of USDC on Arbitrum: one route dominates
      boolean usdc = random.nextInt(4) == 0;
      CollateralKey key = usdc ? USDC : ETH;
      BigInteger amount =
          usdc
              ? BigInteger.valueOf(1_000_000L * (20_000 + random.nextInt(40_000)))
              : Wad.ONE.multiply(BigInteger.valueOf(1 + random.nextInt(10)));
      one.onCollateralBalance(a, key, amount, "proof");
      cluster.produce(
          cluster.partitioner.of(a),
          new PartitionCommand.ProvenBalance(a, key, amount, "deposit-" + request++));
    }
    for (int i = 0; i < 30; i++) {
      Address taker = accounts.get(random.nextInt(accounts.size()));
      Address maker;
      do {
        maker = accounts.get(random.nextInt(accounts.size()));
      } while (maker.equals(taker));
      BigInteger size =
          Wad.ONE.divide(BigInteger.TEN).multiply(BigInteger.valueOf(1 + random.nextInt(20)));
      Trade trade =
          new Trade(
              "ETH-PERP",
              taker,
              maker,
              random.nextBoolean() ? size : size.negate(),
              Wad.ONE.multiply(BigInteger.valueOf(2_500 + random.nextInt(1_000))),
              BigInteger.ZERO,
              Wad.ONE.divide(BigInteger.TEN));
      one.onTrade(trade, null);
      cluster.produce(
          cluster.partitioner.of(taker), new PartitionCommand.BookTrade("t" + i, trade));
    }
    cluster.drain();
    MarginEngine market =
        priced(
            new MarginEngine(
                new Valuator(RISK),
                () -> NOW,
                e -> {},
                LedgerStore.NONE,
                ClearingParameters.defaults()));

    RiskMonitor whole = monitor(one, RiskMonitor.Accounts.of(one));
    RiskMonitor scanned =
        monitor(market, new StoredAccounts(cluster.store, PARTITIONS, cluster.shards, market, one));
    RiskMonitor.Latest expected = whole.refresh();
    RiskMonitor.Latest actual = scanned.refresh();

    String why = "seed " + seed;
    assertThat(actual.exposure()).as(why).isEqualTo(expected.exposure());
    long shards =
        cluster.store.accounts(PARTITIONS).stream()
            .filter(a -> cluster.shards.isSystem(a.owner()))
            .count();
    assertThat(actual.stress().accounts() - shards)
        .as("the same accounts scanned, the fee pool's shards for the fee pool (%s)", why)
        .isEqualTo(expected.stress().accounts() - 1);
    assertThat(actual.stress().results()).as(why).isEqualTo(expected.stress().results());
    assertThat(expected.exposure().routes()).as("a ledger with exposure").isNotEmpty();
    for (Address a : accounts) {
      assertThat(scanned.concentration(a)).as(why).isEqualTo(whole.concentration(a));
    }
    assertThat(accounts.stream().filter(a -> whole.concentration(a).isPresent()))
        .as("a cap some accounts are past (%s)", why)
        .isNotEmpty();
  }

  private static RiskMonitor monitor(MarginEngine engine, RiskMonitor.Accounts accounts) {
    return new RiskMonitor(
        engine,
        accounts,
        new Valuator(RISK),
        new RiskMonitor.Settings(
            DefaultScenarios.of(RISK),
            new ConcentrationLimit(Wad.of("0.5"), BigInteger.ZERO),
            1000),
        new ReturnSeries(60, 100),
        () -> NOW);
  }

  private static MarginEngine priced(MarginEngine engine) {
    engine.onPrice("ETH", new Price(Wad.of("3000"), NOW));
    engine.onPrice("USDC", new Price(Wad.ONE, NOW));
    return engine;
  }
}
