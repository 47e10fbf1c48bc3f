package io.omnimargin.service.settlement;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.settlement.release.VaultAuthorization;
import io.omnimargin.settlement.release.VaultRelayer;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Takes accepted withdrawal intents through their release: the intent already holds its margin
 * (intake reserved it), the hub signs a {@code Release} for the vault, the relayer submits it
 * ({@code AWARDED}), and the intent is {@code FILLED} only when settlement has proven the vault's
 * {@code Released} event and the lower locked balance; the reservation is freed at that moment. A
 * release the vault refuses makes the intent {@code FAILED}, which frees the margin.
 */
final class WithdrawalDesk implements IntentEvents {
  private static final Logger LOG = Logger.getLogger(WithdrawalDesk.class);

  private final IntentStore store;
  private final IntentEvents events;
  private final Clock clock;
  private final PrivateKey hub;
  private final Map<Long, SettlementService.ChainRun> runs;
  private final Map<Long, VaultRelayer> relayers;
  private final Executor executor;

  WithdrawalDesk(
      IntentStore store,
      IntentEvents events,
      Clock clock,
      PrivateKey hub,
      Map<Long, SettlementService.ChainRun> runs,
      Map<Long, VaultRelayer> relayers,
      Executor executor) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.hub = hub;
    this.runs = runs;
    this.relayers = relayers;
    this.executor = executor;
  }

  @Override
  public void statusChanged(Intent intent, StatusChange change) {
    if (change.status() == IntentStatus.OPEN
        && intent.data() instanceof CollateralWithdrawal withdrawal) {
      long chainId = withdrawal.chainId().toBigInteger().longValueExact();
      if (runs.containsKey(chainId)) {
        executor.execute(() -> release(intent, withdrawal, chainId));
      }
    }
  }

  private void release(Intent intent, CollateralWithdrawal w, long chainId) {
    SettlementService.ChainRun run = runs.get(chainId);
    Address token;
    Address recipient;
    try {
      token = evmAddress(w.asset());
      recipient = evmAddress(w.recipient());
    } catch (IllegalArgumentException e) {
      move(intent.id(), IntentStatus.FAILED, "not an EVM address: " + e.getMessage());
      return;
    }
    VaultAuthorization auth =
        new VaultAuthorization(
            VaultAuthorization.Kind.RELEASE,
            chainId,
            run.settler.vault(),
            intent.id().value(),
            intent.order().user(),
            token,
            w.amount().toBigInteger(),
            recipient);
    if (!move(intent.id(), IntentStatus.AWARDED, "hub signed the release on chain " + chainId)) {
      return; // cancelled or expired meanwhile
    }
    try {
      String tx = relayers.get(chainId).submit(auth, auth.sign(hub)).getTransactionHash();
      LOG.infof("withdrawal %s: release submitted on chain %d in %s", intent.id(), chainId, tx);
    } catch (RuntimeException e) {
      LOG.warnf(
          "withdrawal %s: release refused on chain %d: %s", intent.id(), chainId, e.getMessage());
      move(intent.id(), IntentStatus.FAILED, "the vault refused the release: " + e.getMessage());
    }
  }

  /** Called when settlement applied a vault event: a proven release closes its intent. */
  void applied(String eventKey, long chainId) {
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

  private boolean move(OrderId id, IntentStatus to, String reason) {
    StatusChange change = new StatusChange(to, clock.instant(), reason);
    EnumSet<IntentStatus> from =
        to == IntentStatus.AWARDED
            ? EnumSet.of(IntentStatus.OPEN, IntentStatus.AUCTIONING)
            : EnumSet.of(IntentStatus.AWARDED);
    if (store.transition(id, from, change) instanceof TransitionOutcome.Applied applied) {
      events.statusChanged(applied.intent(), change);
      return true;
    }
    return false;
  }

  private static Address evmAddress(Bytes32 word) {
    byte[] b = word.toArray();
    for (int i = 0; i < 12; i++) {
      if (b[i] != 0) {
        throw new IllegalArgumentException(word.toHex());
      }
    }
    return Address.wrap(java.util.Arrays.copyOfRange(b, 12, 32));
  }
}
