package io.omnimargin.service.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests, moved by hand. Starts in January 2027, before the shared fixtures'
 * deadlines, so tests never depend on today's date.
 */
@Alternative
@Priority(1)
@Singleton
public class MutableClock extends Clock {
  public static final Instant START = Instant.ofEpochSecond(1_800_000_000L);

  private volatile Instant now = START;

  public void set(Instant instant) {
    now = instant;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
