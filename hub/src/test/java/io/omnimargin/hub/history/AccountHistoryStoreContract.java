package io.omnimargin.hub.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Address;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AccountHistoryStore} must have; each implementation subclasses this
 * (hub's test-jar carries it to the modules that hold the other stores).
 */
public abstract class AccountHistoryStoreContract {
  static final Address A = Address.parse("0x00000000000000000000000000000000000000a1");
  static final Address B = Address.parse("0x00000000000000000000000000000000000000b2");

  /** A fresh, empty store. */
  protected abstract AccountHistoryStore createStore();

  /** A handle on the data of the store {@link #createStore} made last, as after a restart. */
  protected abstract AccountHistoryStore reopen();

  static HistoryEntry entry(Address owner, long at, String cause) {
    return new HistoryEntry(at, owner, "Funding ETH-PERP", "-1.25", null, null, cause);
  }

  @Test
  void anAccountsEntriesComeBackNewestFirstExactlyAsAppended() {
    AccountHistoryStore store = createStore();
    HistoryEntry credit =
        new HistoryEntry(1, A, "Value changed", null, "3000.5", "0", "dev faucet");
    store.append(credit);
    store.append(entry(A, 2, "funding"));
    store.append(entry(B, 3, "other"));

    assertThat(store.of(A, 10)).containsExactly(entry(A, 2, "funding"), credit);
    assertThat(store.of(A, 1)).containsExactly(entry(A, 2, "funding"));
    assertThat(store.of(B, 10)).containsExactly(entry(B, 3, "other"));
    assertThat(store.of(Address.parse("0x" + "cc".repeat(20)), 10)).isEmpty();
  }

  @Test
  void entriesAtTheSameSecondKeepTheOrderTheyWereAppendedIn() {
    AccountHistoryStore store = createStore();
    for (int i = 0; i < 5; i++) {
      store.append(entry(A, 7, "same second " + i));
    }
    assertThat(store.of(A, 5))
        .extracting(HistoryEntry::cause)
        .containsExactly(
            "same second 4", "same second 3", "same second 2", "same second 1", "same second 0");
  }

  @Test
  void eachAccountKeepsItsNewestEntriesOnly() {
    AccountHistoryStore store = createStore();
    int total = AccountHistoryStore.PER_ACCOUNT + 15;
    for (int i = 0; i < total; i++) {
      store.append(entry(A, i, "n" + i));
    }
    store.append(entry(B, 1, "b"));
    var kept = store.of(A, 1_000);
    assertThat(kept).hasSizeGreaterThanOrEqualTo(AccountHistoryStore.PER_ACCOUNT);
    assertThat(kept).hasSizeLessThan(total);
    assertThat(kept.get(0).cause()).isEqualTo("n" + (total - 1));
    assertThat(store.of(B, 10)).hasSize(1);
  }

  @Test
  void theHistoryIsThereAgainThroughANewHandle() {
    AccountHistoryStore store = createStore();
    store.append(entry(A, 1, "before the restart"));
    assertThat(reopen().of(A, 10)).containsExactly(entry(A, 1, "before the restart"));
  }
}
