package io.omnimargin.auction.solver;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link SolverRegistry} keeps of one solver, as {@link SolverRecords} store it: its last
 * accepted registration, its reputation counters and recent response times, and why it is
 * suspended, if it is.
 *
 * @param solver the solver's address
 * @param registration its last accepted registration; empty if it never registered
 * @param awards auctions it won
 * @param fills awards it filled
 * @param fades awards it did not fill in time
 * @param responses bids it placed that were accepted, over its whole life
 * @param recentResponseMillis the response times of its latest bids (from the auction's opening),
 *     oldest first: the last {@value #RECENT_RESPONSES}, or all of them when fewer
 * @param suspension why it is suspended; empty if it is not
 */
public record SolverRecord(
    Address solver,
    Optional<Registration> registration,
    long awards,
    long fills,
    long fades,
    long responses,
    List<Long> recentResponseMillis,
    Optional<String> suspension) {

  /** How many response times a record keeps (the window of the median). */
  public static final int RECENT_RESPONSES = 255;

  /**
   * A solver's last accepted registration.
   *
   * @param name the name it registered with
   * @param bond its bond when it registered
   * @param issuedAt the registration's {@code issuedAt} (unix seconds): a later registration must
   *     be newer
   */
  public record Registration(String name, BigInteger bond, long issuedAt) {
    public Registration {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(bond, "bond");
    }
  }

  public SolverRecord {
    Objects.requireNonNull(solver, "solver");
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(suspension, "suspension");
    if (awards < 0 || fills < 0 || fades < 0 || responses < 0) {
      throw new IllegalArgumentException("negative counters in the record of " + solver);
    }
    recentResponseMillis = List.copyOf(recentResponseMillis);
    if (recentResponseMillis.size() != Math.min(responses, RECENT_RESPONSES)) {
      throw new IllegalArgumentException(
          "the record of "
              + solver
              + " keeps "
              + recentResponseMillis.size()
              + " response times for "
              + responses
              + " responses");
    }
  }
}
