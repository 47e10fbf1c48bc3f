package io.omnimargin.settlement.credit;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.vault.VaultEvent;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link FrontStore} must have; each implementation subclasses this
 * (settlement's test-jar carries it to the modules that hold the other stores).
 */
public abstract class FrontStoreContract {
  static final Address VAULT = Address.parse("0x00000000000000000000000000000000000000a1");
  static final Address USER = Address.parse("0x00000000000000000000000000000000000000b2");
  static final Address TOKEN = Address.parse("0x00000000000000000000000000000000000000c3");
  static final Address SOLVER = Address.parse("0x00000000000000000000000000000000000000d4");
  static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

  /** A fresh, empty store. */
  protected abstract FrontStore createStore();

  /** A handle on the data of the store {@link #createStore} made last, as after a restart. */
  protected abstract FrontStore reopen();

  static VaultEvent deposit(long nonce, BigInteger amount) {
    return new VaultEvent(
        VaultEvent.Kind.LOCKED,
        137,
        VAULT,
        Long.toString(nonce),
        USER,
        TOKEN,
        amount,
        10 + nonce,
        Bytes32.fromHex("0x" + "5a".repeat(32)),
        "0x" + "0f".repeat(32));
  }

  static FrontedCredits.Provisional front(long nonce, BigInteger amount) {
    VaultEvent d = deposit(nonce, amount);
    return new FrontedCredits.Provisional(d.key(), SOLVER, d, 1_700_000_000L + nonce);
  }

  static FrontedCredits.Repayment repayment(FrontedCredits.Provisional p) {
    VaultEvent d = p.deposit();
    return new FrontedCredits.Repayment(
        p.eventKey(), p.solver(), d.chainId(), d.token(), d.amount());
  }

  @Test
  void anEmptyStoreHasNothing() {
    FrontStore store = createStore();

    assertThat(store.openFronts()).isEmpty();
    assertThat(store.repayments()).isEmpty();
  }

  @Test
  void anOpenedFrontIsListedEqual() {
    FrontStore store = createStore();
    FrontedCredits.Provisional big = front(1, UINT256_MAX);
    FrontedCredits.Provisional small = front(2, BigInteger.ONE);

    store.opened(big);
    store.opened(small);

    assertThat(store.openFronts()).containsExactlyInAnyOrder(big, small);
  }

  @Test
  void aProvenFrontBecomesARepayment() {
    FrontStore store = createStore();
    FrontedCredits.Provisional first = front(1, BigInteger.valueOf(500));
    FrontedCredits.Provisional second = front(2, BigInteger.valueOf(300));
    store.opened(first);
    store.opened(second);

    store.proven(first, repayment(first));

    assertThat(store.openFronts()).containsExactly(second);
    assertThat(store.repayments()).containsExactly(repayment(first));
  }

  @Test
  void withdrawnFrontsAreNoLongerOpen() {
    FrontStore store = createStore();
    FrontedCredits.Provisional a = front(1, BigInteger.TEN);
    FrontedCredits.Provisional b = front(2, BigInteger.TEN);
    FrontedCredits.Provisional c = front(3, BigInteger.TEN);
    List.of(a, b, c).forEach(store::opened);

    store.withdrawn(List.of(a, c));

    assertThat(store.openFronts()).containsExactly(b);
    assertThat(store.repayments()).isEmpty();
  }

  @Test
  void aReopenedStoreHasEveryOpenFrontAndRepayment() {
    FrontStore store = createStore();
    FrontedCredits.Provisional proven = front(1, BigInteger.valueOf(500));
    FrontedCredits.Provisional open = front(2, UINT256_MAX);
    store.opened(proven);
    store.opened(open);
    store.proven(proven, repayment(proven));

    FrontStore reopened = reopen();

    assertThat(reopened.openFronts()).containsExactly(open);
    assertThat(reopened.repayments()).containsExactly(repayment(proven));
  }

  @Test
  void frontedCreditsOnAReopenedStoreKnowEveryFront() throws Exception {
    FrontedCredits credits = new FrontedCredits(new InMemorySettlementJournal(), createStore(), 5);
    credits.front(SOLVER, deposit(1, BigInteger.valueOf(500)), 100);
    credits.front(SOLVER, deposit(2, BigInteger.valueOf(300)), 100);
    credits.proven(deposit(1, BigInteger.valueOf(500)).key());

    FrontedCredits restarted = new FrontedCredits(new InMemorySettlementJournal(), reopen(), 5);

    assertThat(restarted.outstanding(137, USER, TOKEN)).isEqualTo(BigInteger.valueOf(300));
    assertThat(restarted.repayments())
        .extracting(FrontedCredits.Repayment::amount)
        .containsExactly(BigInteger.valueOf(500));
    assertThat(restarted.expire(100 + 3_601, 3_600)).hasSize(1);
    assertThat(new FrontedCredits(new InMemorySettlementJournal(), reopen(), 5).open()).isEmpty();
  }
}
