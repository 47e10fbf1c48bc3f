package io.omnimargin.hub.intake;

/**
 * A token bucket per key: one process's ({@link RateLimiter}) or one shared by every replica (the
 * service's Redis limiter), so a user gets the same rate however many replicas serve them.
 */
public interface RateLimit {

  /**
   * Takes one token for {@code key}.
   *
   * @param nowNanos this process's monotonic time; a shared limiter keeps its own clock
   * @return 0 when allowed, else the nanoseconds until a token is available
   */
  long tryAcquire(String key, long nowNanos);
}
