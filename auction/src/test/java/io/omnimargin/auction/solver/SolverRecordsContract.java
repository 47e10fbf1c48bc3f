package io.omnimargin.auction.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SolverRecords} must have; each implementation subclasses this (the
 * auction module's test-jar carries it to the modules that hold the other stores).
 *
 * <p>What the registry relies on: it saves a solver's record whole after each change (its last
 * registration with name, bond and {@code issuedAt}; awards, fills, fades; how many bids it placed
 * and the response times of the latest 255; why it is suspended) and, when built, loads every
 * record as last saved.
 */
public abstract class SolverRecordsContract {
  static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

  /** A fresh, empty store. */
  protected abstract SolverRecords createStore();

  /**
   * A second handle on the records of the store {@link #createStore} made last, as a restarted
   * service or another replica would have (the same instance where the store lives only in this
   * process).
   */
  protected abstract SolverRecords reopen();

  public static Address solver(int n) {
    return Address.parse(String.format("0x%040x", 0x5000 + n));
  }

  /** Every field set, and each at an edge: a uint256 bond, a full response window, odd text. */
  public static SolverRecord full(Address solver) {
    List<Long> recent = LongStream.range(0, 255).map(i -> i * 7919 % 30_001).boxed().toList();
    return new SolverRecord(
        solver,
        Optional.of(
            new SolverRecord.Registration(
                "Ωmega \"desk\", 7\n\t\\ 🚀", UINT256_MAX, 4_102_444_800L)),
        Long.MAX_VALUE - 1,
        1_234_567_890_123L,
        42,
        1_000_003,
        recent,
        Optional.of("fade rate 12.5% over 40 awards; \"operator\" says: ✋"));
  }

  /** Nothing but the address: never registered, no bids, not suspended. */
  public static SolverRecord bare(Address solver) {
    return new SolverRecord(solver, Optional.empty(), 0, 0, 0, 0, List.of(), Optional.empty());
  }

  /** A registered solver with {@code n} of everything, fewer bids than the window. */
  public static SolverRecord counted(Address solver, int n) {
    List<Long> recent = new ArrayList<>();
    for (int i = 0; i < n % 50; i++) {
      recent.add((long) (n * 31 + i) % 400);
    }
    return new SolverRecord(
        solver,
        Optional.of(new SolverRecord.Registration("desk-" + n, BigInteger.valueOf(n), 1_000L + n)),
        n,
        n / 2,
        n / 3,
        recent.size(),
        recent,
        n % 7 == 0 ? Optional.of("suspended " + n) : Optional.empty());
  }

  @Test
  void anEmptyStoreLoadsNothing() {
    assertThat(createStore().loadAll()).isEmpty();
  }

  @Test
  void aSavedRecordLoadsEqualFieldByField() {
    SolverRecords store = createStore();
    SolverRecord saved = full(solver(1));

    store.save(saved);

    Collection<SolverRecord> loaded = reopen().loadAll();
    assertThat(loaded).containsExactly(saved);
    SolverRecord r = loaded.iterator().next();
    assertThat(r.solver()).isEqualTo(solver(1));
    assertThat(r.registration()).contains(saved.registration().orElseThrow());
    assertThat(r.registration().orElseThrow().name()).isEqualTo("Ωmega \"desk\", 7\n\t\\ 🚀");
    assertThat(r.registration().orElseThrow().bond()).isEqualTo(UINT256_MAX);
    assertThat(r.registration().orElseThrow().issuedAt()).isEqualTo(4_102_444_800L);
    assertThat(r.awards()).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(r.fills()).isEqualTo(1_234_567_890_123L);
    assertThat(r.fades()).isEqualTo(42);
    assertThat(r.responses()).isEqualTo(1_000_003);
    assertThat(r.recentResponseMillis()).isEqualTo(saved.recentResponseMillis()).hasSize(255);
    assertThat(r.suspension()).isEqualTo(saved.suspension());
  }

  @Test
  void aRecordWithNothingButItsAddressLoadsEqual() {
    createStore().save(bare(solver(2)));

    assertThat(reopen().loadAll()).containsExactly(bare(solver(2)));
  }

  @Test
  void theLastSaveWins() {
    SolverRecords store = createStore();
    store.save(full(solver(3)));
    store.save(counted(solver(3), 14));
    store.save(bare(solver(3)));
    store.save(counted(solver(3), 9));

    assertThat(reopen().loadAll()).containsExactly(counted(solver(3), 9));
    assertThat(store.loadAll()).containsExactly(counted(solver(3), 9));
  }

  @Test
  void aSuspensionCanBeLifted() {
    SolverRecords store = createStore();
    SolverRecord suspended = counted(solver(4), 7);
    store.save(suspended);
    SolverRecord lifted =
        new SolverRecord(
            suspended.solver(),
            suspended.registration(),
            suspended.awards(),
            suspended.fills(),
            suspended.fades(),
            suspended.responses(),
            suspended.recentResponseMillis(),
            Optional.empty());
    store.save(lifted);

    assertThat(reopen().loadAll()).containsExactly(lifted);
  }

  @Test
  void manySolversEachKeepTheirOwnRecord() {
    SolverRecords store = createStore();
    List<SolverRecord> first = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      first.add(counted(solver(i), i));
    }
    store.saveAll(first);
    List<SolverRecord> expected = new ArrayList<>(first);
    for (int i = 0; i < 300; i += 3) {
      SolverRecord again = i % 2 == 0 ? full(solver(i)) : counted(solver(i), i + 1);
      store.save(again);
      expected.set(i, again);
    }
    store.saveAll(List.of());

    assertThat(reopen().loadAll()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void saveAllReplacesWhatWasSaved() {
    SolverRecords store = createStore();
    store.saveAll(List.of(full(solver(5)), full(solver(6))));
    store.saveAll(List.of(bare(solver(6)), counted(solver(7), 21)));

    assertThat(reopen().loadAll())
        .containsExactlyInAnyOrder(full(solver(5)), bare(solver(6)), counted(solver(7), 21));
  }
}
