package io.omnimargin.margin.oracle;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Refuses a price published ahead of the hub's clock by more than a small skew. The engine keeps
 * the newest price and ignores an older tick, so one tick from the future (a timestamp in
 * milliseconds, a feed with a wrong clock) would stand above every correct tick that follows until
 * the clock caught up with it. Every price source (the push feed, the Chainlink reader) checks its
 * ticks here before they reach the engine.
 */
public final class PublishTimeGuard {
  /** A unix time in seconds above this is in the year 33658: it is almost surely milliseconds. */
  private static final long MILLIS_HINT_ABOVE = 1_000_000_000_000L;

  private final long maxSkewSeconds;
  private final LongSupplier nowSeconds;

  /**
   * @param maxFutureSkew how far ahead of {@code nowSeconds} a publish time may be
   * @param nowSeconds the hub's clock, unix seconds
   */
  public PublishTimeGuard(Duration maxFutureSkew, LongSupplier nowSeconds) {
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("the future skew must not be negative");
    }
    this.maxSkewSeconds = maxFutureSkew.toSeconds();
    this.nowSeconds = nowSeconds;
  }

  /**
   * @param publishTime unix seconds
   * @throws FuturePublishTimeException when it is more than the skew ahead of the clock
   */
  public void check(long publishTime) {
    long now = nowSeconds.getAsLong();
    if (publishTime <= now || publishTime - now <= maxSkewSeconds) {
      return;
    }
    String detail =
        "publishTime "
            + publishTime
            + " is "
            + (publishTime - now)
            + " s ahead of the hub's clock ("
            + now
            + "); at most "
            + maxSkewSeconds
            + " s are tolerated";
    throw new FuturePublishTimeException(
        publishTime > MILLIS_HINT_ABOVE
            ? detail + ". It looks like milliseconds: send unix seconds"
            : detail);
  }

  /** A price that must not reach the engine yet: it claims to come from the future. */
  public static final class FuturePublishTimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FuturePublishTimeException(String message) {
      super(message, null, false, false);
    }
  }
}
