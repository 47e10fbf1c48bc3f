package io.omnimargin.hub.settlement;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.settlement.release.VaultAuthorization;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Takes accepted withdrawal intents through their release: the intent already holds its margin
 * (intake reserved it), the hub signs a {@code Release} for the vault, the relayer submits it
 * ({@code AWARDED}), and the intent is {@code FILLED} only when settlement has proven the vault's
 * {@code Released} event and the lower locked balance; the reservation is freed at that moment. A
 * release the vault refuses makes the intent {@code FAILED}, which frees the margin.
 */
public final class WithdrawalDesk implements IntentEvents {
  private static final System.Logger LOG = System.getLogger(WithdrawalDesk.class.getName());

  private final IntentStore store;
  private final IntentEvents events;
  private final Clock clock;
  private final PrivateKey hub;
  private final Map<Long, SettlementChain> chains;
  private final Executor executor;
  private final CashPayouts payouts;

  /**
   * @param events where the desk announces the status changes it makes
   * @param hub the key vaults accept releases from
   * @param executor where releases are signed and relayed (they wait for the chain)
   * @param payouts withdrawals paid from cash, out of the settlement pool's balance
   */
  public WithdrawalDesk(
      IntentStore store,
      IntentEvents events,
      Clock clock,
      PrivateKey hub,
      Map<Long, SettlementChain> chains,
      Executor executor,
      CashPayouts payouts) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.hub = hub;
    this.chains = chains;
    this.executor = executor;
    this.payouts = payouts;
  }

  @Override
  public void statusChanged(Intent intent, StatusChange change) {
    if (change.status() == IntentStatus.OPEN) {
      releaseLater(intent);
    }
  }

  /**
   * After a restart: a withdrawal still {@code OPEN} was never released (the event that would have
   * released it went with the process), so it is released now. One {@code AWARDED} had its release
   * signed and perhaps mined: it waits for the proof of {@code Released} as before, since signing
   * it again could not tell a refusal from a release already paid.
   */
  public void resume(Intent intent) {
    if (intent.status() == IntentStatus.OPEN) {
      releaseLater(intent);
    }
  }

  private void releaseLater(Intent intent) {
    if (intent.data() instanceof CollateralWithdrawal withdrawal) {
      long chainId = withdrawal.chainId().toBigInteger().longValueExact();
      if (chains.containsKey(chainId) && chains.get(chainId).relayer().isPresent()) {
        executor.execute(() -> release(intent, withdrawal, chainId));
      }
    }
  }

  private void release(Intent intent, CollateralWithdrawal w, long chainId) {
    SettlementChain chain = chains.get(chainId);
    Address owner = intent.order().user();
    Address token;
    Address recipient;
    Optional<ProposedChange.CashPayout> payout;
    try {
      token = Address.fromWord(w.asset());
      recipient = Address.fromWord(w.recipient());
      payout = payouts.payout(owner, intent.id(), w);
    } catch (IllegalArgumentException e) {
      failUnreleased(intent.id(), "not a withdrawal the hub can pay: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      // the ledger or the store did not answer: left OPEN, released by the next take-over
      LOG.log(
          Level.WARNING,
          "withdrawal " + intent.id() + " left open: its payout could not be read: " + e);
      return;
    }
    if (payout.isPresent() && !payouts.covered(owner, intent.id(), payout.get())) {
      failUnreleased(intent.id(), "the account's cash does not cover the payout");
      return;
    }
    VaultAuthorization auth =
        new VaultAuthorization(
            VaultAuthorization.Kind.RELEASE,
            chainId,
            chain.vault(),
            intent.id().value(),
            payout.isPresent() ? payouts.pool() : owner, // whose vault balance pays
            token,
            w.amount().toBigInteger(),
            recipient);
    if (!move(intent.id(), IntentStatus.AWARDED, "hub signed the release on chain " + chainId)) {
      return; // cancelled or expired meanwhile
    }
    payout.ifPresent(p -> payouts.book(owner, intent.id(), p));
    submit(intent, chain, auth, payout);
  }

  private void submit(
      Intent intent,
      SettlementChain chain,
      VaultAuthorization auth,
      Optional<ProposedChange.CashPayout> payout) {
    String from = payout.isPresent() ? " from cash" : "";
    try {
      String tx = chain.relayer().orElseThrow().submit(auth, auth.sign(hub));
      LOG.log(
          Level.INFO,
          "withdrawal "
              + intent.id()
              + from
              + ": release submitted on chain "
              + auth.chainId()
              + " in "
              + tx);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "withdrawal "
              + intent.id()
              + from
              + ": release refused on chain "
              + auth.chainId()
              + ": "
              + e.getMessage());
      payout.ifPresent(p -> payouts.undo(intent.order().user(), intent.id(), p));
      move(intent.id(), IntentStatus.FAILED, "the vault refused the release: " + e.getMessage());
    }
  }

  /** Called when settlement applied a vault event: a proven release closes its intent. */
  public void applied(String eventKey, long chainId) {
    int at = eventKey.indexOf("/release/");
    if (at < 0) {
      return;
    }
    OrderId id;
    try {
      id = OrderId.parse(eventKey.substring(at + "/release/".length()));
    } catch (RuntimeException e) {
      return;
    }
    move(id, IntentStatus.FILLED, "release proven on chain " + chainId);
  }

  /**
   * Fails a withdrawal whose release was not signed. Only from before the release: the same intent
   * told twice (a take-over's resume and its announcement) may find it released already, its payout
   * booked, and must then leave it as it is.
   */
  private void failUnreleased(OrderId id, String reason) {
    move(id, IntentStatus.FAILED, reason, EnumSet.of(IntentStatus.OPEN, IntentStatus.AUCTIONING));
  }

  private boolean move(OrderId id, IntentStatus to, String reason) {
    EnumSet<IntentStatus> from =
        to == IntentStatus.AWARDED
            ? EnumSet.of(IntentStatus.OPEN, IntentStatus.AUCTIONING)
            : EnumSet.of(IntentStatus.AWARDED);
    return move(id, to, reason, from);
  }

  private boolean move(OrderId id, IntentStatus to, String reason, EnumSet<IntentStatus> from) {
    StatusChange change = new StatusChange(to, clock.instant(), reason);
    if (store.transition(id, from, change) instanceof TransitionOutcome.Applied applied) {
      events.statusChanged(applied.intent(), change);
      return true;
    }
    return false;
  }
}
