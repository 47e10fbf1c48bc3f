package io.omnimargin.service.store;

import io.omnimargin.hub.intake.RateLimit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-key token buckets in Redis, one Lua script per take: every replica draws from the same
 * bucket, timed by the Redis server's clock. An idle bucket expires once it would be full again.
 */
public final class RedisRateLimit implements RateLimit {
  private static final LuaScript TAKE = LuaScript.load("rate-limit.lua");

  private final RedisCommands redis;
  private final String prefix;
  private final List<String> args;

  /**
   * @param prefix namespace of the buckets' keys, e.g. {@code om:rate:user:}
   */
  public RedisRateLimit(RedisCommands redis, String prefix, long perSecond, long burst) {
    if (perSecond <= 0 || burst <= 0) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    this.redis = redis;
    this.prefix = prefix;
    this.args = List.of(Long.toString(perSecond), Long.toString(burst));
  }

  @Override
  public long tryAcquire(String key, long nowNanos) {
    long waitMillis = TAKE.run(redis, List.of(prefix + key), args).toLong();
    return TimeUnit.MILLISECONDS.toNanos(waitMillis);
  }
}
