package io.omnimargin.hub.intake;

import io.omnimargin.hub.intent.AcceptOutcome;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.CancelOrder;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.OrderData;
import io.omnimargin.protocol.types.OrderId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Accepts and cancels intents. Every refusal is an {@link Refusal} with a problem code; every
 * stored change is announced to {@link IntentEvents}. Thread-safe; signature recovery makes it
 * CPU-bound, so callers run it off the event loop.
 */
public final class IntakeService {
  private final IntakePolicy policy;
  private final IntentStore store;
  private final Clock clock;
  private final RateLimit perUser;
  private final IntentEvents events;
  private final IntakeGate gate;
  private final OrderRules rules;
  private final SignatureCheck signatures;

  public IntakeService(
      IntakePolicy policy,
      IntentStore store,
      SignatureRecovery recovery,
      Clock clock,
      RateLimit perUser,
      IntentEvents events,
      IntakeGate gate) {
    this.policy = policy;
    this.store = store;
    this.clock = clock;
    this.perUser = perUser;
    this.events = events;
    this.gate = gate;
    this.rules = new OrderRules(policy);
    this.signatures = new SignatureCheck(recovery);
  }

  /** The outcome of a submission: the intent and whether this call created it. */
  public record Submission(Intent intent, boolean created) {}

  public Submission submit(GaslessCrossChainOrder order, String signatureHex) {
    Instant now = clock.instant();
    OrderData data = rules.check(order, now);
    OrderId id = order.id(policy.domain());
    Signature signature =
        signatures.verify(signatureHex, id.value().toArray(), order.user(), "the order");
    limitUser(order);

    Intent candidate = Intent.accepted(id, order, data, signature, now);
    try {
      gate.admit(candidate); // reserves before storing, so two intents cannot share one margin
    } catch (Refusal closed) {
      // a partitioned ledger remembers finished intents: one sent again is answered as it is
      Optional<Intent> existing =
          closed.code() == ProblemCode.INTENT_CLOSED ? store.find(id) : Optional.empty();
      if (existing.isEmpty()) {
        throw closed;
      }
      return new Submission(existing.get(), false);
    }
    AcceptOutcome outcome;
    try {
      outcome = store.accept(candidate, policy.maxLivePerUser());
    } catch (RuntimeException storeDown) {
      gate.releaseUnstored(candidate); // nothing was stored, so nothing may stay reserved
      throw storeDown;
    }
    if (!(outcome instanceof AcceptOutcome.Accepted)) {
      releaseUnlessLive(candidate, outcome);
    }
    if (outcome instanceof AcceptOutcome.Accepted accepted) {
      Intent intent = accepted.intent();
      events.statusChanged(intent, intent.history().get(0));
      return new Submission(intent, true);
    }
    if (outcome instanceof AcceptOutcome.Duplicate duplicate) {
      return new Submission(duplicate.existing(), false);
    }
    if (outcome instanceof AcceptOutcome.NonceReused reused) {
      throw new Refusal(
          ProblemCode.NONCE_REUSED,
          "nonce " + order.nonce() + " of " + order.user() + " is already used by another order",
          "order.nonce",
          Map.of("conflictingOrderId", reused.holder().toHex()));
    }
    AcceptOutcome.TooManyOpen full = (AcceptOutcome.TooManyOpen) outcome;
    throw new Refusal(
        ProblemCode.TOO_MANY_OPEN_INTENTS,
        order.user()
            + " has "
            + full.live()
            + " open intents, the maximum is "
            + policy.maxLivePerUser(),
        null,
        Map.of("retryAfterSeconds", 1L));
  }

  /**
   * A resubmission of a live intent keeps its reservation; one of a finished intent gives it back
   * for good; one that was not stored gives it back for a retry.
   */
  private void releaseUnlessLive(Intent candidate, AcceptOutcome outcome) {
    if (outcome instanceof AcceptOutcome.Duplicate duplicate) {
      if (!duplicate.existing().status().isLive()) {
        gate.release(candidate);
      }
    } else {
      gate.releaseUnstored(candidate);
    }
  }

  private void limitUser(GaslessCrossChainOrder order) {
    long waitNanos = perUser.tryAcquire(order.user().toLowerHex(), System.nanoTime());
    if (waitNanos > 0) {
      throw new Refusal(
          ProblemCode.RATE_LIMITED,
          "too many submissions from " + order.user(),
          null,
          Map.of("retryAfterSeconds", Math.max(1L, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1)));
    }
  }

  /**
   * Cancels an intent the user signed a {@code CancelOrder} for. Cancelling a cancelled intent is a
   * no-op; one already awarded or filled is refused — the cancel lost the race.
   */
  public Intent cancel(OrderId id, String signatureHex) {
    Intent intent =
        store.find(id).orElseThrow(() -> new Refusal(ProblemCode.NOT_FOUND, "no intent " + id));
    signatures.verify(
        signatureHex,
        new CancelOrder(id).digest(policy.domain()),
        intent.order().user(),
        "the cancel");
    StatusChange change =
        new StatusChange(IntentStatus.CANCELLED, clock.instant(), "cancelled by user");
    TransitionOutcome outcome = store.transition(id, IntentStatus.NOT_YET_TAKEN, change);
    if (outcome instanceof TransitionOutcome.Applied applied) {
      events.statusChanged(applied.intent(), change);
      return applied.intent();
    }
    if (outcome instanceof TransitionOutcome.Refused refused) {
      return refusedCancel(refused.intent());
    }
    throw new Refusal(ProblemCode.NOT_FOUND, "no intent " + id);
  }

  private static Intent refusedCancel(Intent intent) {
    IntentStatus status = intent.status();
    if (status == IntentStatus.CANCELLED) {
      return intent;
    }
    ProblemCode code =
        switch (status) {
          case AWARDED -> ProblemCode.ALREADY_AWARDED;
          case FILLED -> ProblemCode.ALREADY_FILLED;
          default -> ProblemCode.NOT_CANCELLABLE;
        };
    throw new Refusal(
        code,
        "intent " + intent.id() + " is " + status + " and can no longer be cancelled",
        null,
        Map.of("intentStatus", status.name()));
  }
}
