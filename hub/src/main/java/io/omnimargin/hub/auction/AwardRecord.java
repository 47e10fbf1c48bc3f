package io.omnimargin.hub.auction;

import io.omnimargin.auction.book.Auction;
import io.omnimargin.auction.book.PlacedBid;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.SolverBid;
import java.util.List;

/**
 * An award as the owner that made it keeps it for its successor: the winning bid as placed, until
 * when the winner may fill, and the bids ranked behind it, so that a fade or a pass on the
 * successor awards the same next bid the owner would have.
 *
 * @param bid the winning bid (its signature was checked when it won)
 * @param receivedAtMillis when the bid arrived
 * @param fillDeadlineMillis unix millis after which the award fades
 * @param runnerUps the bids ranked behind the winner, best first, at most {@link #MAX_RUNNER_UPS}
 */
public record AwardRecord(
    SolverBid bid, long receivedAtMillis, long fillDeadlineMillis, List<RunnerUp> runnerUps) {

  /**
   * Runner-ups kept with an award. Why a bound: the record is written at every award before the
   * winner is told, so on the award's latency path, and each runner-up adds about 250 bytes (its
   * signature is 132 of them); an auction may have a bid from every registered solver. Why eight:
   * every fade costs the trader a whole fill window and the order's fill deadline ends the chain
   * anyway, so a ninth bid is rarely reached. Only a successor feels the bound (after eight fades
   * it fails the intent where the owner would go on): the owner rewrites the record with the next
   * eight at every award.
   */
  public static final int MAX_RUNNER_UPS = 8;

  /**
   * A bid behind the winner, as the successor needs it to check and award it.
   *
   * @param unchecked its signature if the owner had not checked it yet (a session bid is checked
   *     only when it could win), null if it had (an HTTP bid on arrival)
   */
  public record RunnerUp(SolverBid bid, long receivedAtMillis, Signature unchecked) {

    static RunnerUp of(Auction.RunnerUp r) {
      return new RunnerUp(r.bid().bid(), r.bid().receivedAtMillis(), r.unchecked());
    }

    Auction.RunnerUp standing() {
      return new Auction.RunnerUp(placed(bid, receivedAtMillis), unchecked);
    }
  }

  public AwardRecord {
    runnerUps = List.copyOf(runnerUps);
  }

  /** An award with nobody behind it. */
  public AwardRecord(SolverBid bid, long receivedAtMillis, long fillDeadlineMillis) {
    this(bid, receivedAtMillis, fillDeadlineMillis, List.of());
  }

  /** The award now in force in {@code auction}, with the first runner-ups behind it. */
  static AwardRecord of(Auction.Award award, Auction auction, long fillDeadlineMillis) {
    return new AwardRecord(
        award.bid().bid(),
        award.bid().receivedAtMillis(),
        fillDeadlineMillis,
        auction.runnerUps(MAX_RUNNER_UPS).stream().map(RunnerUp::of).toList());
  }

  /** The bid as the auction holds it: live, by its solver. */
  public PlacedBid placed() {
    return placed(bid, receivedAtMillis);
  }

  /** The runner-ups as the auction takes them back, best first. */
  public List<Auction.RunnerUp> standing() {
    return runnerUps.stream().map(RunnerUp::standing).toList();
  }

  private static PlacedBid placed(SolverBid bid, long receivedAtMillis) {
    return new PlacedBid(bid, bid.solver(), receivedAtMillis, null, false);
  }
}
