package io.omnimargin.cluster.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.cluster.Broker;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replicas sharing prices and route health through a real Kafka broker (KRaft, own process). */
class BroadcastMarginInputsTest {
  private static final long NOW = 1_800_000_000L;
  private static final BigInteger WAD = BigInteger.TEN.pow(18);
  @RegisterExtension static final Broker broker = new Broker();

  private final List<AutoCloseable> replicas = new ArrayList<>();
  private final String topic = "broadcast-" + UUID.randomUUID();

  @AfterEach
  void stopReplicas() throws Exception {
    for (AutoCloseable replica : replicas) {
      replica.close();
    }
  }

  /** A replica: its own engine behind its own broadcast inputs. */
  private record Replica(MarginEngine engine, Direct local, BroadcastMarginInputs inputs)
      implements AutoCloseable {
    @Override
    public void close() {
      inputs.close();
    }
  }

  private Replica replica(String name) throws InterruptedException {
    MarginEngine engine = new MarginEngine(new Valuator(RiskConfig.defaults()), () -> NOW, e -> {});
    Direct local = new Direct(engine);
    BroadcastMarginInputs inputs =
        BroadcastMarginInputs.start(
            local,
            new BroadcastSettings(
                broker.bootstrapServers(), name, topic, (short) 1, Duration.ofSeconds(10)));
    assertThat(inputs.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
    Replica replica = new Replica(engine, local, inputs);
    replicas.add(replica);
    return replica;
  }

  private static EngineInput.PriceTick eth(long usd, long time) {
    return new EngineInput.PriceTick(
        "ETH", new Price(BigInteger.valueOf(usd).multiply(WAD), time), "push");
  }

  @Test
  void aPricePushedToOneReplicaIsLiveOnTheOtherWithin100Ms() throws Exception {
    Replica a = replica("a");
    Replica b = replica("b");

    a.inputs().apply(eth(3000, NOW));
    // read back on the pushing replica at once: apply returns after its own engine applied it
    assertThat(a.engine().price("ETH"))
        .contains(new Price(BigInteger.valueOf(3000).multiply(WAD), NOW));
    long pushed = System.nanoTime();
    Optional<Price> seen = Optional.empty();
    while (System.nanoTime() - pushed < Duration.ofSeconds(5).toNanos()) {
      seen = b.engine().price("ETH");
      if (seen.isPresent()) {
        break;
      }
      Thread.onSpinWait();
    }
    long lagMillis = (System.nanoTime() - pushed) / 1_000_000;
    assertThat(seen).contains(new Price(BigInteger.valueOf(3000).multiply(WAD), NOW));
    assertThat(lagMillis).isLessThanOrEqualTo(100);
  }

  @Test
  void everyReplicaAppliesTheSameSequenceOfTicks() throws Exception {
    Replica a = replica("a");
    Replica b = replica("b");
    List<CompletionStage<Integer>> sent = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      Replica from = i % 2 == 0 ? a : b; // both replicas publish, interleaved
      sent.add(from.inputs().applyAsync(eth(2000 + i, NOW + i)));
    }
    for (CompletionStage<Integer> s : sent) {
      s.toCompletableFuture().get();
    }
    Price last = new Price(BigInteger.valueOf(2200).multiply(WAD), NOW + 200);
    awaitPrice(a, last);
    awaitPrice(b, last);
  }

  @Test
  void aReplicaStartedLaterCatchesUpWithTheLatestPricesAndRoutes() throws Exception {
    Replica a = replica("a");
    a.inputs().apply(eth(2500, NOW));
    a.inputs().apply(eth(2600, NOW + 1));
    a.inputs().apply(new EngineInput.RouteHealth(137, false, "adapters disagree"));

    Replica late = replica("late"); // awaits catch-up before it answers
    assertThat(late.engine().price("ETH"))
        .contains(new Price(BigInteger.valueOf(2600).multiply(WAD), NOW + 1));
    assertThat(late.engine().routeLive(137)).isFalse();
  }

  @Test
  void collateralStaysOnItsReplicaAndARefusedTickDoesNotStopTheLog() throws Exception {
    Replica a = replica("a");
    Replica b = replica("b");
    EngineInput credit =
        new EngineInput.CollateralChange(
            Address.parse("0x" + "11".repeat(20)), new CollateralKey(1, "ETH"), WAD, "faucet");
    a.inputs().apply(credit);
    assertThat(a.local().applied).containsExactly(credit);

    EngineInput.PriceTick unknown = new EngineInput.PriceTick("NOPE", new Price(WAD, NOW), "push");
    assertThatThrownBy(() -> a.inputs().apply(unknown)).isInstanceOf(RuntimeException.class);
    a.inputs().apply(eth(3100, NOW));
    awaitPrice(b, new Price(BigInteger.valueOf(3100).multiply(WAD), NOW));
    assertThat(b.local().applied).doesNotContain(credit).contains(unknown);
  }

  private static void awaitPrice(Replica replica, Price expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline
        && !replica.engine().price("ETH").equals(Optional.of(expected))) {
      Thread.sleep(5);
    }
    assertThat(replica.engine().price("ETH")).contains(expected);
  }

  /**
   * Inputs applied to the engine on the caller's thread (the broadcast log's reader); a price for
   * asset NOPE is refused.
   */
  private static final class Direct implements MarginInputs {
    private final MarginEngine engine;
    final List<EngineInput> applied = new java.util.concurrent.CopyOnWriteArrayList<>();

    Direct(MarginEngine engine) {
      this.engine = engine;
    }

    @Override
    public int apply(EngineInput input) {
      applied.add(input);
      if (input instanceof EngineInput.PriceTick t && t.asset().equals("NOPE")) {
        throw new IllegalArgumentException(
            "unknown asset NOPE"); // as the service's risk table does
      }
      return engine.apply(input);
    }

    @Override
    public CompletionStage<Integer> applyAsync(EngineInput input) {
      return CompletableFuture.completedFuture(apply(input));
    }

    @Override
    public void offer(EngineInput input) {
      apply(input);
    }
  }
}
