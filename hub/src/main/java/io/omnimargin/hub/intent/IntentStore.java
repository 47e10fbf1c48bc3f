package io.omnimargin.hub.intent;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Durable home of intents, spent nonces and status history. Implementations make {@link #accept}
 * and {@link #transition} atomic so that replicas sharing the store never accept one (user, nonce)
 * twice nor apply two conflicting status changes.
 */
public interface IntentStore {

  /**
   * Stores a new intent unless its id exists, its (user, nonce) is spent, or the user already has
   * {@code maxLivePerUser} live intents — checked and applied as one atomic step.
   */
  AcceptOutcome accept(Intent intent, int maxLivePerUser);

  Optional<Intent> find(OrderId id);

  /**
   * The intents of {@code ids} that the store holds, in no promised order; an id it does not hold
   * is left out. A remote store reads them in a few round trips, not one per id.
   */
  default List<Intent> findAll(Collection<OrderId> ids) {
    List<Intent> found = new ArrayList<>(ids.size());
    for (OrderId id : ids) {
      find(id).ifPresent(found::add);
    }
    return found;
  }

  /**
   * A user's intents, newest first.
   *
   * @param status only intents currently in this status, when present
   * @param cursor from a previous page's {@link IntentPage#nextCursor()}
   * @throws IllegalArgumentException on a cursor this store did not issue
   */
  IntentPage listByUser(
      Address user, Optional<IntentStatus> status, Optional<String> cursor, int limit);

  /** Appends {@code change} if the intent's current status is in {@code from}, atomically. */
  TransitionOutcome transition(OrderId id, Set<IntentStatus> from, StatusChange change);

  /**
   * {@link #transition} of each of {@code ids} with the same change, when the caller holds the
   * intents already: whether each moved, in the order asked (a take-over reopening 200,000
   * auctions). A store across the network moves them in a few round trips rather than one each, and
   * does not read them back; each move is atomic on its own.
   */
  default List<Boolean> moveAll(List<OrderId> ids, Set<IntentStatus> from, StatusChange change) {
    List<Boolean> moved = new ArrayList<>(ids.size());
    for (OrderId id : ids) {
      moved.add(transition(id, from, change) instanceof TransitionOutcome.Applied);
    }
    return moved;
  }

  /** Every live intent (open, auctioning, awarded): what must hold resources after a restart. */
  List<Intent> live();

  /**
   * Every live intent, a few hundred at a time, each page given to {@code page} as soon as it is
   * read: a take-over that reads 200,000 starts on the first page at once. An intent that changes
   * meanwhile may be given as it stood before the change.
   */
  default void live(Consumer<List<Intent>> page) {
    List<Intent> all = live();
    for (int at = 0; at < all.size(); at += 256) {
      page.accept(all.subList(at, Math.min(all.size(), at + 256)));
    }
  }

  /**
   * Whether calls wait on another process or on the disk (a round trip over the network, a forced
   * commit): such a store must not be called from an event loop.
   */
  default boolean remote() {
    return false;
  }

  /**
   * The intents still {@code OPEN} that were accepted before {@code before}. A store that keeps
   * them apart answers without reading every live intent; this default reads them all.
   */
  default List<Intent> openAcceptedBefore(java.time.Instant before) {
    return live().stream()
        .filter(i -> i.status() == IntentStatus.OPEN && i.acceptedAt().isBefore(before))
        .toList();
  }

  /**
   * Makes every live {@code OPEN} intent known to {@link #openAcceptedBefore}, those accepted
   * before the store kept them apart included; answers how many are open. Nothing to do here.
   */
  default int indexOpen() {
    return (int) live().stream().filter(i -> i.status() == IntentStatus.OPEN).count();
  }

  /**
   * Up to {@code limit} not-yet-taken intents whose {@code openDeadline} is before {@code
   * epochSecond}.
   */
  List<OrderId> pastOpenDeadline(long epochSecond, int limit);
}
