package io.omnimargin.margin.risk.adaptive;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.Route;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The sentence a person reads for a route's {@code m} and {@code L_route}. */
final class RouteExplanation {
  private RouteExplanation() {}

  static String of(
      Route route,
      BigInteger m,
      BigInteger maintenance,
      RouteHealthInputs in,
      RouteScoring scoring,
      long latency,
      long measured) {
    List<String> why = reasons(in, scoring);
    StringBuilder s = new StringBuilder("m ").append(Wad.format(m));
    if (why.isEmpty()) {
      s.append(" (configured): healthy");
    } else {
      s.append(" of configured ").append(Wad.format(route.discount())).append(": ");
      s.append(String.join("; ", why));
    }
    if (maintenance.compareTo(m) != 0) {
      s.append(". AV_m uses m ")
          .append(Wad.format(maintenance))
          .append(", phasing in over ")
          .append(scoring.phaseInSeconds())
          .append(" s");
    }
    s.append(". L_route ").append(latency).append(" s");
    s.append(
        measured < 0
            ? " (configured; no settlement measured yet)"
            : latency == measured
                ? " (measured p" + Math.round(scoring.latencyPercentile() * 100) + ")"
                : " (configured; measured " + measured + " s)");
    return s.toString();
  }

  private static List<String> reasons(RouteHealthInputs in, RouteScoring scoring) {
    long[] p = scoring.penalties(in);
    long hours = scoring.windowSeconds() / 3600;
    String window = hours == 1 ? "the last hour" : "the last " + scoring.windowSeconds() + " s";
    List<String> why = new ArrayList<>();
    if (p[0] > 0) {
      why.add(plural(in.disagreements(), "adapter disagreement") + " in " + window);
    }
    if (p[1] > 0) {
      why.add(plural(in.reorgs(), "reorg") + " in " + window);
    }
    if (p[2] > 0) {
      why.add(
          "finality lag "
              + in.finalityLagSeconds()
              + " s, expected "
              + in.expectedFinalitySeconds());
    }
    if (p[3] > 0) {
      why.add(
          "no new final block for "
              + in.silenceSeconds()
              + " s, expected within "
              + in.expectedFinalitySeconds());
    }
    if (p[4] > 0) {
      why.add("base fee " + in.baseFeeWei() + " wei, calm " + in.referenceBaseFeeWei());
    }
    if (p[5] > 0) {
      why.add("block time " + in.blockTimeMillis() + " ms, expected " + in.expectedBlockMillis());
    }
    return why;
  }

  private static String plural(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
