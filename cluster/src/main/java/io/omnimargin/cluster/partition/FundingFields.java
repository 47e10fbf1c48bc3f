package io.omnimargin.cluster.partition;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The fields of a partition's funding book, one Redis hash: {@code open/<market>} the fill sums of
 * the interval under way, {@code closed/<market>/<end>} those of an interval closed and not yet
 * settled there, {@code settled/<market>/<end>} the index and rate it was settled at (which also
 * makes a settlement produced again change nothing).
 */
public final class FundingFields {
  private static final String CLOSED = "closed/";
  private static final String SETTLED = "settled/";

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

  /** The end of the interval a {@code closed/<market>/<end>} field names, if it is one. */
  static OptionalLong closedEnd(String field, String market) {
    String prefix = CLOSED + market + "/";
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
