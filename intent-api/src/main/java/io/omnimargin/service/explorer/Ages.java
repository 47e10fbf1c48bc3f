package io.omnimargin.service.explorer;

import java.time.Instant;

/** Times as people read them: relative ("12 s ago") beside the absolute UTC instant. */
public final class Ages {
  private Ages() {}

  /** A price's age in seconds, or -1 when there is no price. */
  public static String ago(long seconds) {
    if (seconds < 0) {
      return "no price";
    }
    return span(seconds) + " ago";
  }

  /** The time until {@code at} from {@code now}, both epoch seconds ("in 12 min", "12 min ago"). */
  public static String relative(long at, long now) {
    return at > now ? "in " + span(at - now) : span(now - at) + " ago";
  }

  /** The absolute instant, ISO-8601 UTC, for the hover. */
  public static String absolute(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString();
  }

  static String span(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3_600) {
      return seconds / 60 + " min";
    }
    if (seconds < 86_400) {
      return seconds / 3_600 + " h " + seconds % 3_600 / 60 + " min";
    }
    return seconds / 86_400 + " d " + seconds % 86_400 / 3_600 + " h";
  }
}
