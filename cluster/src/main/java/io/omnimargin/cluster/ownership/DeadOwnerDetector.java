package io.omnimargin.cluster.ownership;

import java.util.Optional;

/**
 * Tells, from a follower's probes of the owner's address, when the owner's process is gone: a
 * process that dies leaves its port closed, so connecting is refused at once, while a live owner
 * (however busy) accepts. Two refusals in a row from an owner this replica has reached before, at
 * the same epoch, mean it is gone; then, and once per epoch, the detector names it for eviction
 * from the owners' group. No answer at all (a hang, a lost network) is not taken as death: the
 * group's session timeout decides that case, as it would without this detector.
 *
 * <p>"Reached before" keeps a starting owner, whose port may not be open yet, from being evicted.
 * Not thread-safe: one prober feeds it.
 */
public final class DeadOwnerDetector {
  /** What a connection attempt to the owner's address gave. */
  public enum Probe {
    ACCEPTED,
    REFUSED,
    NO_ANSWER
  }

  /** Refusals in a row that mean the process is gone (one could be a port being rebound). */
  static final int REFUSALS = 2;

  private long epoch = -1;
  private boolean reached;
  private int refusals;
  private boolean named;

  /**
   * One probe of the owner at {@code epoch}, named {@code member}; answers the member to evict, at
   * most once per epoch unless {@link #retry} is called.
   */
  public Optional<String> observe(long epoch, String member, Probe probe) {
    if (epoch != this.epoch) {
      this.epoch = epoch;
      reached = false;
      refusals = 0;
      named = false;
    }
    switch (probe) {
      case ACCEPTED -> {
        reached = true;
        refusals = 0;
      }
      case REFUSED -> refusals = reached ? refusals + 1 : 0;
      case NO_ANSWER -> refusals = 0;
    }
    if (refusals >= REFUSALS && !named) {
      named = true;
      return Optional.of(member);
    }
    return Optional.empty();
  }

  /** The eviction named last could not be made: the next refusal names the owner again. */
  public void retry() {
    named = false;
  }
}
