package io.omnimargin.auction.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.auction.book.BidRejection;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * A registry built again on the records another one kept (after a restart, or on the replica that
 * takes over) has the same registrations, reputations and suspensions, and goes on exactly as the
 * first would have.
 */
class SolverRegistryRecordsTest {
  private static final long NOW = 1_800_000_000L;
  private static final List<Address> SOLVERS =
      List.of(
          SolverRecordsContract.solver(0),
          SolverRecordsContract.solver(1),
          SolverRecordsContract.solver(2),
          SolverRecordsContract.solver(3)); // the last one is not on the allow-list
  private static final Map<Address, BigInteger> ALLOWED =
      Map.of(
          SOLVERS.get(0), BigInteger.ONE,
          SOLVERS.get(1), BigInteger.TWO,
          SOLVERS.get(2), BigInteger.TEN.pow(30));

  private final AtomicLong now = new AtomicLong(NOW);

  private SolverRegistry registry(Map<Address, BigInteger> allowed, SolverRecords records) {
    // suspended above 12% fades once 3 awards are in, as the service's 1200 bp and its minimum
    return new SolverRegistry(allowed, 1200, 3, Duration.ofMinutes(5), now::get, records);
  }

  private SolverRegistry registry(SolverRecords records) {
    return registry(ALLOWED, records);
  }

  private static SolverRegistry.Registered register(
      SolverRegistry registry, Address solver, String name, long issuedAt)
      throws SolverRegistry.RegistrationRefused {
    return registry.register(new SolverRegistration(solver, name, issuedAt), solver);
  }

  @Test
  void aStandbyThatReloadsFindsWhatTheOwnerKeptSinceItWasBuilt() throws Exception {
    InMemorySolverRecords records = new InMemorySolverRecords();
    SolverRegistry standby = registry(records); // built first, as a replica that forwards
    SolverRegistry owner = registry(records);
    Address a = SOLVERS.get(0);
    Address b = SOLVERS.get(1);
    register(owner, a, "alpha", NOW);
    register(owner, b, "beta", NOW);
    for (int i = 0; i < 4; i++) {
      owner.awarded(b);
      owner.faded(b);
    }
    owner.suspend(a, "operator");
    assertThat(standby.registered()).isEmpty();

    standby.reload();

    assertThat(standby.registered()).containsExactlyInAnyOrder(a, b);
    assertThat(standby.suspension(a)).contains("operator");
    assertThat(standby.apply(b)).contains(BidRejection.SOLVER_SUSPENDED);
    for (Address solver : SOLVERS) {
      assertThat(standby.record(solver)).isEqualTo(owner.record(solver));
    }
    assertThatThrownBy(() -> register(standby, a, "alpha", NOW))
        .as("the owner's registration cannot be replayed on the successor")
        .isInstanceOf(SolverRegistry.RegistrationRefused.class);
  }

  @Test
  void aRegistryBuiltOnTheSameRecordsFindsEverySolverAsItWas() throws Exception {
    InMemorySolverRecords records = new InMemorySolverRecords();
    SolverRegistry first = registry(records);
    Address a = SOLVERS.get(0);
    Address b = SOLVERS.get(1);
    register(first, a, "alpha", NOW);
    register(first, b, "beta", NOW - 10);
    for (int i = 0; i < 4; i++) {
      first.awarded(a);
      first.filled(a);
      first.responded(a, 40 + i);
      first.awarded(b);
      first.faded(b); // b: 4 awards, 4 fades: suspended once 3 awards are in
    }
    for (int i = 0; i < 300; i++) {
      first.responded(b, i);
    }

    SolverRegistry second = registry(records);

    assertThat(second.registered()).containsExactlyInAnyOrder(a, b);
    assertThat(second.apply(a)).isEmpty();
    assertThat(second.apply(b)).contains(BidRejection.SOLVER_SUSPENDED);
    assertThat(second.suspension(b)).contains("fade rate 100.0% over 4 awards");
    assertThat(second.score(a)).isEqualTo(4).isEqualTo(first.score(a));
    assertThat(second.score(b)).isEqualTo(-8).isEqualTo(first.score(b));
    assertThat(second.reputation(a).medianResponseMillis()).isEqualTo(42);
    assertThat(second.reputation(b).medianResponseMillis())
        .isEqualTo(first.reputation(b).medianResponseMillis())
        .isEqualTo(172); // the window holds the last 255 of 0..299, 45..299
    assertThat(second.reputation(b).responses()).isEqualTo(300);
    for (Address solver : SOLVERS) {
      assertThat(second.record(solver)).isEqualTo(first.record(solver));
    }
    assertThat(records.loadAll()).hasSize(2);
  }

  @Test
  void aRegistrationReplayedToTheRebuiltRegistryIsRefused() throws Exception {
    InMemorySolverRecords records = new InMemorySolverRecords();
    Address a = SOLVERS.get(0);
    register(registry(records), a, "first", NOW);
    SolverRegistry second = registry(records);
    register(second, a, "second", NOW + 1);

    SolverRegistry third = registry(records);

    assertThatThrownBy(() -> register(third, a, "first", NOW))
        .isInstanceOf(SolverRegistry.RegistrationRefused.class)
        .hasMessageContaining("not after this solver's last registration (" + (NOW + 1) + ")");
    assertThat(third.record(a).registration().orElseThrow().name()).isEqualTo("second");
  }

  @Test
  void aSolverTakenOffTheAllowListCannotBidOnItsStoredRegistration() throws Exception {
    InMemorySolverRecords records = new InMemorySolverRecords();
    Address a = SOLVERS.get(0);
    register(registry(records), a, "alpha", NOW);

    SolverRegistry without = registry(Map.of(SOLVERS.get(1), BigInteger.ONE), records);
    assertThat(without.registered()).isEmpty();
    assertThat(without.apply(a)).contains(BidRejection.UNKNOWN_SOLVER);
    assertThat(without.record(a).registration()).isPresent(); // kept: its issuedAt still counts

    SolverRegistry withAgain = registry(records);
    assertThat(withAgain.registered()).containsExactly(a);
    assertThat(withAgain.apply(a)).isEmpty();
  }

  @Test
  void aRegistryWithoutRecordsKeepsNothing() throws Exception {
    SolverRegistry forgetful =
        new SolverRegistry(ALLOWED, 1200, 3, Duration.ofMinutes(5), now::get);
    register(forgetful, SOLVERS.get(0), "alpha", NOW);
    forgetful.awarded(SOLVERS.get(0));

    assertThat(forgetful.registered()).containsExactly(SOLVERS.get(0));
    assertThat(forgetful.score(SOLVERS.get(0))).isZero();
    assertThat(SolverRecords.none().loadAll()).isEmpty();
  }

  @Test
  void registrationsAndSuspensionsAreStoredBeforeTheCallReturns() throws Exception {
    AtomicInteger flushes = new AtomicInteger();
    InMemorySolverRecords kept = new InMemorySolverRecords();
    SolverRecords counting =
        new SolverRecords() {
          @Override
          public void save(SolverRecord record) {
            kept.save(record);
          }

          @Override
          public Collection<SolverRecord> loadAll() {
            return kept.loadAll();
          }

          @Override
          public void flush() {
            flushes.incrementAndGet();
          }
        };
    SolverRegistry registry = registry(counting);
    Address a = SOLVERS.get(0);

    register(registry, a, "alpha", NOW);
    assertThat(flushes).hasValue(1);
    registry.awarded(a);
    registry.filled(a);
    registry.responded(a, 5);
    registry.faded(a); // 1 fade in 1 award, but too few awards to judge
    assertThat(flushes).hasValue(1);
    registry.awarded(a);
    registry.awarded(a);
    registry.faded(a); // 2 in 3: suspended
    assertThat(flushes).hasValue(2);
    registry.suspend(SOLVERS.get(1), "by hand");
    assertThat(flushes).hasValue(3);
    assertThat(kept.loadAll()).hasSize(2);
  }

  // ---- random sequences of registry events, with restarts anywhere in them

  sealed interface Event
      permits Register, Awarded, Filled, Faded, Responded, Burst, Suspend, Tick, Restart {}

  record Register(int solver, int name, long issuedAtOffset) implements Event {}

  record Awarded(int solver) implements Event {}

  record Filled(int solver) implements Event {}

  record Faded(int solver) implements Event {}

  record Responded(int solver, long millis) implements Event {}

  /** Many bids in a row, so that the response window (255) fills and wraps. */
  record Burst(int solver, long millis, int bids) implements Event {}

  record Suspend(int solver, int reason) implements Event {}

  /** The hub's clock moves on. */
  record Tick(long seconds) implements Event {}

  /** The process restarts (or another replica takes over): a new registry on the same records. */
  record Restart() implements Event {}

  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<Integer> who = Arbitraries.integers().between(0, SOLVERS.size() - 1);
    Arbitrary<Event> register =
        Combinators.combine(
                who, Arbitraries.integers().between(0, 3), Arbitraries.longs().between(-400, 400))
            .as(Register::new);
    Arbitrary<Event> responded =
        Combinators.combine(who, Arbitraries.longs().between(0, 2_000)).as(Responded::new);
    Arbitrary<Event> burst =
        Combinators.combine(
                who, Arbitraries.longs().between(0, 2_000), Arbitraries.integers().between(1, 300))
            .as(Burst::new);
    Arbitrary<Event> suspend =
        Combinators.combine(who, Arbitraries.integers().between(0, 2)).as(Suspend::new);
    return Arbitraries.frequencyOf(
            Tuple.of(3, register),
            Tuple.of(4, who.map(Awarded::new)),
            Tuple.of(3, who.map(Filled::new)),
            Tuple.of(2, who.map(Faded::new)),
            Tuple.of(6, responded),
            Tuple.of(1, burst),
            Tuple.of(1, suspend),
            Tuple.of(2, Arbitraries.longs().between(0, 600).map(Tick::new)),
            Tuple.of(2, Arbitraries.just((Event) new Restart())))
        .list()
        .ofMinSize(1)
        .ofMaxSize(400);
  }

  /**
   * The same events go to a registry that never restarts and keeps nothing, and to one kept in
   * records and rebuilt from them at every {@link Restart}: after each event both answer alike for
   * every solver (eligibility, registrations, suspension, score, reputation, the whole record), and
   * registrations are accepted or refused alike.
   */
  @Property(tries = 300)
  void aRegistryRebuiltFromItsRecordsGoesOnAsIfItHadNeverStopped(
      @ForAll("events") List<Event> events, @ForAll boolean writeBehind) {
    InMemorySolverRecords kept = new InMemorySolverRecords();
    List<WriteBehindSolverRecords> handles = new ArrayList<>();
    SolverRegistry twin = registry(SolverRecords.none());
    SolverRegistry durable = registry(open(kept, writeBehind, handles));
    try {
      for (Event event : events) {
        if (event instanceof Restart) {
          handles.forEach(WriteBehindSolverRecords::close); // what a stopping service does
          durable = registry(open(kept, writeBehind, handles));
          Statistics.label("restarts").collect(true);
        } else {
          apply(twin, durable, event);
        }
        assertSame(twin, durable, event);
      }
      handles.forEach(WriteBehindSolverRecords::close);
      assertSame(twin, registry(kept), "the records at the end");
    } finally {
      handles.forEach(WriteBehindSolverRecords::close);
    }
    Statistics.label("a suspension was restored")
        .collect(
            events.contains(new Restart())
                && SOLVERS.stream().anyMatch(s -> twin.suspension(s).isPresent()));
  }

  private static SolverRecords open(
      InMemorySolverRecords kept, boolean writeBehind, List<WriteBehindSolverRecords> handles) {
    if (!writeBehind) {
      return kept;
    }
    WriteBehindSolverRecords handle = new WriteBehindSolverRecords(kept);
    handles.add(handle);
    return handle;
  }

  private void apply(SolverRegistry twin, SolverRegistry durable, Event event) {
    if (event instanceof Register r) {
      Address solver = SOLVERS.get(r.solver());
      long issuedAt = now.get() + r.issuedAtOffset();
      String name = "desk-" + r.name();
      assertThat(outcome(durable, solver, name, issuedAt))
          .as("registering %s", event)
          .isEqualTo(outcome(twin, solver, name, issuedAt));
    } else if (event instanceof Awarded a) {
      both(twin, durable, g -> g.awarded(SOLVERS.get(a.solver())));
    } else if (event instanceof Filled f) {
      both(twin, durable, g -> g.filled(SOLVERS.get(f.solver())));
    } else if (event instanceof Faded f) {
      both(twin, durable, g -> g.faded(SOLVERS.get(f.solver())));
    } else if (event instanceof Responded r) {
      both(twin, durable, g -> g.responded(SOLVERS.get(r.solver()), r.millis()));
    } else if (event instanceof Burst b) {
      for (int i = 0; i < b.bids(); i++) {
        long millis = (b.millis() + 7_919L * i) % 2_000;
        both(twin, durable, g -> g.responded(SOLVERS.get(b.solver()), millis));
      }
    } else if (event instanceof Suspend s) {
      both(twin, durable, g -> g.suspend(SOLVERS.get(s.solver()), "operator " + s.reason()));
    } else if (event instanceof Tick t) {
      now.addAndGet(t.seconds());
    }
  }

  private static void both(
      SolverRegistry twin, SolverRegistry durable, Consumer<SolverRegistry> f) {
    f.accept(twin);
    f.accept(durable);
  }

  /** The registration's answer, or the refusal's message. */
  private static Object outcome(SolverRegistry registry, Address solver, String name, long at) {
    try {
      return register(registry, solver, name, at);
    } catch (SolverRegistry.RegistrationRefused e) {
      return "refused: " + e.getMessage();
    }
  }

  private static void assertSame(SolverRegistry twin, SolverRegistry durable, Object after) {
    assertThat(durable.registered()).as("registered after %s", after).isEqualTo(twin.registered());
    for (Address solver : SOLVERS) {
      assertThat(durable.apply(solver))
          .as("eligibility after %s", after)
          .isEqualTo(twin.apply(solver));
      assertThat(durable.suspension(solver))
          .as("suspension after %s", after)
          .isEqualTo(twin.suspension(solver));
      assertThat(durable.score(solver)).as("score after %s", after).isEqualTo(twin.score(solver));
      Reputation d = durable.reputation(solver);
      Reputation t = twin.reputation(solver);
      assertThat(List.of(d.awards(), d.fills(), d.fades(), d.fadeRateBasisPoints()))
          .as("counters after %s", after)
          .isEqualTo(List.of(t.awards(), t.fills(), t.fades(), t.fadeRateBasisPoints()));
      assertThat(d.medianResponseMillis())
          .as("median response after %s", after)
          .isEqualTo(t.medianResponseMillis());
      assertThat(durable.record(solver))
          .as("record after %s", after)
          .isEqualTo(twin.record(solver));
    }
  }
}
