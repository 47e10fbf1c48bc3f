package io.omnimargin.settlement.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.vault.VaultEvent;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FrontedCreditsTest {
  static final Address VAULT = Address.parse("0x00000000000000000000000000000000000000a1");
  static final Address USER = Address.parse("0x00000000000000000000000000000000000000b2");
  static final Address TOKEN = Address.parse("0x00000000000000000000000000000000000000c3");
  static final Address SOLVER = Address.parse("0x00000000000000000000000000000000000000d4");

  static VaultEvent deposit(long nonce, long amount) {
    return new VaultEvent(
        VaultEvent.Kind.LOCKED,
        137,
        VAULT,
        Long.toString(nonce),
        USER,
        TOKEN,
        BigInteger.valueOf(amount),
        10,
        Bytes32.ZERO,
        "0x01");
  }

  final InMemorySettlementJournal journal = new InMemorySettlementJournal();
  final FrontedCredits credits = new FrontedCredits(journal, 2);

  @Test
  void aFrontedDepositIsProvisionalUntilProvenThenRepaidOnce() throws Exception {
    credits.front(SOLVER, deposit(1, 500), 100);
    credits.front(SOLVER, deposit(2, 300), 100);
    assertThat(credits.outstanding(137, USER, TOKEN)).isEqualTo(BigInteger.valueOf(800));
    assertThat(credits.outstanding(1, USER, TOKEN)).isZero();

    assertThat(credits.proven(deposit(1, 500).key()))
        .hasValueSatisfying(
            r -> {
              assertThat(r.solver()).isEqualTo(SOLVER);
              assertThat(r.amount()).isEqualTo(BigInteger.valueOf(500));
            });
    assertThat(credits.proven(deposit(1, 500).key())).isEmpty(); // a replayed proof: nothing
    assertThat(credits.outstanding(137, USER, TOKEN)).isEqualTo(BigInteger.valueOf(300));
    assertThat(credits.repayments()).hasSize(1);
  }

  @Test
  void refusalsAreTyped() throws Exception {
    credits.front(SOLVER, deposit(1, 5), 0);
    assertThatThrownBy(() -> credits.front(SOLVER, deposit(1, 5), 0))
        .isInstanceOfSatisfying(
            FrontedCredits.FrontRefused.class,
            e -> assertThat(e.refusal()).isEqualTo(FrontedCredits.Refusal.ALREADY_FRONTED));
    journal.record(deposit(3, 5).key(), "applied@9");
    assertThatThrownBy(() -> credits.front(SOLVER, deposit(3, 5), 0))
        .isInstanceOfSatisfying(
            FrontedCredits.FrontRefused.class,
            e -> assertThat(e.refusal()).isEqualTo(FrontedCredits.Refusal.ALREADY_SETTLED));
    credits.front(SOLVER, deposit(4, 5), 0);
    assertThatThrownBy(() -> credits.front(SOLVER, deposit(5, 5), 0))
        .isInstanceOfSatisfying(
            FrontedCredits.FrontRefused.class,
            e -> assertThat(e.refusal()).isEqualTo(FrontedCredits.Refusal.SOLVER_LIMIT));
  }

  @Test
  void anUnprovenFrontExpiresAtTheSolversCost() throws Exception {
    credits.front(SOLVER, deposit(1, 5), 0);
    assertThat(credits.expire(3_000, 3_600)).isEmpty();
    assertThat(credits.expire(3_601, 3_600)).hasSize(1);
    assertThat(credits.outstanding(137, USER, TOKEN)).isZero();
    assertThat(credits.proven(deposit(1, 5).key())).isEmpty(); // proven too late: no repayment
  }

  @Test
  void aSuccessorThatReloadsSeesWhatTheFormerOwnerFrontedAndProved() throws Exception {
    InMemoryFrontStore store = new InMemoryFrontStore();
    FrontedCredits successor =
        new FrontedCredits(journal, store, 2); // built before the owner acted
    FrontedCredits owner = new FrontedCredits(journal, store, 2);
    owner.front(SOLVER, deposit(1, 500), 100);
    owner.front(SOLVER, deposit(2, 300), 100);
    owner.proven(deposit(1, 500).key());
    assertThat(successor.outstanding(137, USER, TOKEN)).isZero();

    successor.reload();

    assertThat(successor.outstanding(137, USER, TOKEN)).isEqualTo(BigInteger.valueOf(300));
    assertThat(successor.repayments())
        .extracting(FrontedCredits.Repayment::eventKey)
        .containsExactly(deposit(1, 500).key());
    assertThat(successor.proven(deposit(2, 300).key())).isPresent();
    assertThat(successor.proven(deposit(1, 500).key())).as("repaid once, by the owner").isEmpty();
  }
}
