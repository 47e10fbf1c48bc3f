package io.omnimargin.cluster.partition;

import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.valuation.Totals;
import java.math.BigInteger;
import java.util.Locale;

/**
 * A reserve's (or a re-price's) answer on the wire, written by the account's owner and read by the
 * replica that asked: {@code accepted}, or {@code refused: <reason>} followed, when the check
 * valued the account, by its totals after the change (wad USD: AV_m, AV_i, MMR, IMR), as in {@code
 * refused: insufficient-margin after 9,8,7,6}: the figures a refused wallet is shown. The refusals
 * of an intent that is over ({@code filled}, {@code paid}, {@code released}) read as {@link
 * Decision.Reason#INTENT_CLOSED}. An acceptance carries no figures: the workflows only hold it.
 */
public final class ReserveAnswer {
  static final String ACCEPTED = "accepted";
  private static final String REFUSED = "refused: ";
  private static final String AFTER = " after ";

  private ReserveAnswer() {}

  /** The answer for an engine's decision. */
  public static String of(Decision decision) {
    if (decision.accepted()) {
      return ACCEPTED;
    }
    String refused = REFUSED + code(decision.reason());
    Totals t = decision.after();
    if (t == null) {
      return refused;
    }
    return refused
        + AFTER
        + t.avMaintenance()
        + ","
        + t.avInitial()
        + ","
        + t.mmr()
        + ","
        + t.imr();
  }

  /**
   * The decision an answer gives.
   *
   * @throws IllegalArgumentException for an answer that is not a reserve's
   */
  public static Decision read(String answer) {
    if (ACCEPTED.equals(answer)) {
      return new Decision(true, Decision.Reason.MEETS_INITIAL_MARGIN, null);
    }
    if (!answer.startsWith(REFUSED)) {
      throw new IllegalArgumentException("not a reserve's answer: " + answer);
    }
    String rest = answer.substring(REFUSED.length());
    int after = rest.indexOf(AFTER);
    String code = after < 0 ? rest : rest.substring(0, after);
    Totals totals = after < 0 ? null : totals(rest.substring(after + AFTER.length()), answer);
    return new Decision(false, reason(code, answer), totals);
  }

  /** A refusal's reason as the wire says it: {@code INSUFFICIENT_MARGIN} → insufficient-margin. */
  static String code(Decision.Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Decision.Reason reason(String code, String answer) {
    switch (code) {
      case "filled":
      case "paid":
      case "released":
        return Decision.Reason.INTENT_CLOSED;
      default:
        try {
          return Decision.Reason.valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("not a reserve's answer: " + answer, e);
        }
    }
  }

  private static Totals totals(String figures, String answer) {
    String[] four = figures.split(",", -1);
    if (four.length != 4) {
      throw new IllegalArgumentException("not a reserve's answer: " + answer);
    }
    return new Totals(
        new BigInteger(four[0]),
        new BigInteger(four[1]),
        new BigInteger(four[2]),
        new BigInteger(four[3]));
  }
}
