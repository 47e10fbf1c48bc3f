package io.omnimargin.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstThenSustainedRate() {
    RateLimiter limiter = new RateLimiter(2, 3, 100);
    long t = 0;
    assertThat(limiter.tryAcquire("a", t)).isZero();
    assertThat(limiter.tryAcquire("a", t)).isZero();
    assertThat(limiter.tryAcquire("a", t)).isZero();
    long wait = limiter.tryAcquire("a", t);
    assertThat(wait).isEqualTo(SECOND / 2); // 2 tokens per second: the next one in 0.5 s
    assertThat(limiter.tryAcquire("a", t + SECOND / 2)).isZero();
    assertThat(limiter.tryAcquire("b", t)).as("keys are independent").isZero();
  }

  @Test
  void longIdleRefillsToTheBurstWithoutOverflow() {
    RateLimiter limiter = new RateLimiter(1_000_000, 5, 100);
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire("a", 0);
    }
    long later = Long.MAX_VALUE / 2;
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("a", later)).isZero();
    }
    assertThat(limiter.tryAcquire("a", later)).isPositive();
  }

  @Test
  void idleKeysAreEvictedWhenTheMapIsFull() {
    RateLimiter limiter = new RateLimiter(10, 1, 10);
    for (int i = 0; i < 50; i++) {
      limiter.tryAcquire("k" + i, 0);
    }
    limiter.tryAcquire("late", 10 * SECOND); // everyone has refilled by now
    assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(11);
  }
}
