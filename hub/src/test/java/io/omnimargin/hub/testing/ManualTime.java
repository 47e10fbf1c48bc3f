package io.omnimargin.hub.testing;

import io.omnimargin.hub.port.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A clock and a scheduler that only move when a test says so: {@link #advance} moves the clock and
 * runs every task that falls due on the way, in time order, on the test's thread. {@link #execute}
 * runs at once. A workflow that waits (an auction window, a fill timeout, a settlement pass)
 * becomes a method call.
 */
public final class ManualTime extends Clock implements Scheduler {
  public static final Instant START = Instant.ofEpochSecond(1_800_000_000L);

  private record Task(long dueMillis, long seq, Runnable run, long periodMillis) {}

  private final List<Task> tasks = new ArrayList<>();
  private long nowMillis = START.toEpochMilli();
  private long seq;

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(nowMillis);
  }

  @Override
  public long millis() {
    return nowMillis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable task) {
    task.run();
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayMillis) {
    Task t = new Task(nowMillis + delayMillis, seq++, task, 0);
    tasks.add(t);
    return () -> remove(t);
  }

  @Override
  public synchronized Cancellable repeat(Runnable task, long periodMillis) {
    Task t = new Task(nowMillis, seq++, task, periodMillis);
    tasks.add(t);
    return () -> remove(t);
  }

  private synchronized void remove(Task t) {
    tasks.remove(t);
  }

  /** Moves time on by {@code by}, running what falls due on the way. */
  public void advance(Duration by) {
    long until = nowMillis + by.toMillis();
    Task next;
    while ((next = nextDue(until)) != null) {
      nowMillis = Math.max(nowMillis, next.dueMillis());
      next.run().run();
      if (next.periodMillis() > 0) {
        synchronized (this) {
          tasks.add(
              new Task(nowMillis + next.periodMillis(), seq++, next.run(), next.periodMillis()));
        }
      }
    }
    nowMillis = until;
  }

  private synchronized Task nextDue(long until) {
    Task next =
        tasks.stream()
            .filter(t -> t.dueMillis() <= until)
            .min(Comparator.comparingLong(Task::dueMillis).thenComparingLong(Task::seq))
            .orElse(null);
    if (next != null) {
      tasks.remove(next);
    }
    return next;
  }

  /** Tasks waiting to fall due. */
  public synchronized int pending() {
    return tasks.size();
  }
}
