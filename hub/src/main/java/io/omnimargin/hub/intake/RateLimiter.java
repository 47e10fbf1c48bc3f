package io.omnimargin.hub.intake;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a user or a client IP). Tokens are counted in nano-tokens as a long so the
 * refill arithmetic is exact. Idle full buckets are dropped when the map grows past {@code
 * maxKeys}, which bounds memory under a flood of distinct keys.
 */
public final class RateLimiter implements RateLimit {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long capacityNanoTokens;
  private final long refillPerSecond;
  private final int maxKeys;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    long nanoTokens;
    long updatedNanos;

    Bucket(long nanoTokens, long updatedNanos) {
      this.nanoTokens = nanoTokens;
      this.updatedNanos = updatedNanos;
    }
  }

  /**
   * @param perSecond sustained rate; {@code burst} tokens may be spent at once
   */
  public RateLimiter(long perSecond, long burst, int maxKeys) {
    if (perSecond <= 0 || burst <= 0 || maxKeys <= 0) {
      throw new IllegalArgumentException("rate, burst and key cap must be positive");
    }
    this.refillPerSecond = perSecond;
    this.capacityNanoTokens = Math.multiplyExact(burst, NANOS_PER_SECOND);
    this.maxKeys = maxKeys;
  }

  /**
   * Takes one token for {@code key}.
   *
   * @return 0 when allowed, else the nanoseconds until a token is available
   */
  @Override
  public long tryAcquire(String key, long nowNanos) {
    if (buckets.size() > maxKeys) {
      evictIdle(nowNanos);
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacityNanoTokens, nowNanos));
    synchronized (bucket) {
      refill(bucket, nowNanos);
      if (bucket.nanoTokens >= NANOS_PER_SECOND) {
        bucket.nanoTokens -= NANOS_PER_SECOND;
        return 0;
      }
      return (NANOS_PER_SECOND - bucket.nanoTokens + refillPerSecond - 1) / refillPerSecond;
    }
  }

  private void refill(Bucket bucket, long nowNanos) {
    long elapsed = Math.max(0, nowNanos - bucket.updatedNanos);
    // elapsed · rate can overflow after long idle periods; a full bucket is the cap anyway.
    long added =
        elapsed > capacityNanoTokens / refillPerSecond
            ? capacityNanoTokens
            : elapsed * refillPerSecond;
    bucket.nanoTokens = Math.min(capacityNanoTokens, bucket.nanoTokens + added);
    bucket.updatedNanos = nowNanos;
  }

  private void evictIdle(long nowNanos) {
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket bucket = it.next();
      synchronized (bucket) {
        refill(bucket, nowNanos);
        if (bucket.nanoTokens == capacityNanoTokens) {
          it.remove();
        }
      }
    }
  }

  int trackedKeys() {
    return buckets.size();
  }
}
