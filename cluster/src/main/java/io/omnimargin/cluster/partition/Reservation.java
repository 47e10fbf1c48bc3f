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
 */
public record Reservation(Address account, OrderId intent, ProposedChange change) {

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
