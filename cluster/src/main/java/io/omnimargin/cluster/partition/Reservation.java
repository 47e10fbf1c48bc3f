package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.util.UUID;

/**
 * Margin an open intent holds on one account until the intent is filled, cancelled or expires, kept
 * in the account's partition so that a new owner holds it too.
 *
 * @param change what the intent would do to the account, checked when it was reserved
 * @param request the request answered {@code accepted} for it that was asked last (empty when not
 *     named): a release on behalf of a request whose answer never came drops it only while that
 *     request still owns it ({@link PartitionCommand.Release#request})
 */
public record Reservation(Address account, OrderId intent, ProposedChange change, String request) {

  public Reservation {
    request = request == null ? "" : request;
  }

  /** A reservation no request names. */
  public Reservation(Address account, OrderId intent, ProposedChange change) {
    this(account, intent, change, "");
  }

  /** This reservation, owned by {@code request}. */
  public Reservation ownedBy(String request) {
    return new Reservation(account, intent, change, request);
  }

  /**
   * A new request's id, which says when it was asked: {@code t<epoch millis, hex>-<uuid>}. Two
   * requests for one intent are asked seconds apart (the first timed out before the wallet sent the
   * intent again), far more than the clocks of two replicas differ.
   */
  public static String newRequest(long nowMillis) {
    return "t" + Long.toHexString(nowMillis) + "-" + UUID.randomUUID();
  }

  /**
   * Whether {@code request} was asked before {@code other}, as their ids say; false when either id
   * does not say (a request named by an earlier version).
   */
  public static boolean askedBefore(String request, String other) {
    long a = askedAt(request);
    long b = askedAt(other);
    return a >= 0 && b >= 0 && a < b;
  }

  private static long askedAt(String request) {
    int dash = request.indexOf('-');
    if (!request.startsWith("t") || dash < 2) {
      return -1;
    }
    try {
      return Long.parseLong(request.substring(1, dash), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The reservation's key in its partition: the key of the account's leg in the trade that fills
   * the intent (its trade id is the intent's), so booking that leg is what consumes it.
   */
  public String key() {
    return key(account, intent);
  }

  public static String key(Address account, OrderId intent) {
    return TradeLeg.key(intent.toHex(), account);
  }
}
