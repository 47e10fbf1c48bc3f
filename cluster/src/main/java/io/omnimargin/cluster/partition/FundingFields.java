package io.omnimargin.cluster.partition;

import io.omnimargin.protocol.types.Address;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fields of a partition's funding book, one Redis hash: {@code open/<market>} the fill sums of
 * the interval under way, {@code closed/<market>/<end>} those of an interval closed and not yet
 * settled there, {@code settled/<market>/<end>} the index and rate it was settled at (which also
 * makes a settlement produced again change nothing), {@code lastclosed/<market>} and {@code
 * lastsettled/<market>} the last of each, and {@code after/<market>/<stamp>/<account>} what an
 * account traded after a cut this partition has not settled yet.
 */
public final class FundingFields {
  private static final String CLOSED = "closed/";
  private static final String SETTLED = "settled/";
  private static final String AFTER = "after/";

  private FundingFields() {}

  public static String open(String market) {
    return "open/" + market;
  }

  public static String closed(String market, long intervalEnd) {
    return CLOSED + market + "/" + intervalEnd;
  }

  public static String settled(String market, long intervalEnd) {
    return SETTLED + market + "/" + intervalEnd;
  }

  /** The end of the last interval of the market the partition closed (0 before any). */
  public static String lastClosed(String market) {
    return "lastclosed/" + market;
  }

  /** The end of the last interval of the market the partition settled (0 before any). */
  public static String lastSettled(String market) {
    return "lastsettled/" + market;
  }

  /**
   * What the account traded in the market, booked here with funding stamp {@code stamp} while an
   * interval ending at or before the stamp was not settled here: left out of that settlement.
   */
  public static String after(String market, long stamp, Address account) {
    return AFTER + market + "/" + stamp + "/" + account.toLowerHex();
  }

  /**
   * The stamp and account an {@code after/<market>/<stamp>/<account>} field names, if it is one.
   */
  static Optional<Map.Entry<Long, Address>> afterEntry(String field, String market) {
    String prefix = AFTER + market + "/";
    if (!field.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = field.substring(prefix.length());
    int slash = rest.indexOf('/');
    return Optional.of(
        Map.entry(
            Long.parseLong(rest.substring(0, slash)), Address.parse(rest.substring(slash + 1))));
  }

  /** The end of the interval a {@code settled/<market>/<end>} field names, if it is one. */
  static OptionalLong settledEnd(String field, String market) {
    return endAfter(SETTLED + market + "/", field);
  }

  /** The end of the interval a {@code closed/<market>/<end>} field names, if it is one. */
  static OptionalLong closedEnd(String field, String market) {
    return endAfter(CLOSED + market + "/", field);
  }

  private static OptionalLong endAfter(String prefix, String field) {
    return field.startsWith(prefix)
        ? OptionalLong.of(Long.parseLong(field.substring(prefix.length())))
        : OptionalLong.empty();
  }

  /** The closed sums of the interval in {@code book}, or null when it holds none. */
  static FillSums closedSums(Map<String, String> book, String market, long intervalEnd) {
    String value = book.get(closed(market, intervalEnd));
    return value == null ? null : FillSums.read(value);
  }
}
