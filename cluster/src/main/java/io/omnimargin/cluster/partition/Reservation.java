package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;

/**
 * Margin an open intent holds on one account until the intent is filled, cancelled or expires, kept
 * in the account's partition so that a new owner holds it too.
 *
 * @param change what the intent would do to the account, checked when it was reserved
 * @param request the last request answered {@code accepted} for it (empty when not named): a
 *     release on behalf of a request whose answer never came drops it only while that request still
 *     owns it ({@link PartitionCommand.Release#request})
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
