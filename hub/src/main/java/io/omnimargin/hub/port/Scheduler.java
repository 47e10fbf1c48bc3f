package io.omnimargin.hub.port;

/**
 * Where workflows wait: run a task now, or after a delay on the workflow's clock. Production wraps
 * a {@link java.util.concurrent.ScheduledExecutorService}; tests use a manual scheduler that runs
 * due tasks when they advance a manual clock, so an auction window or a fill timeout is a method
 * call.
 */
public interface Scheduler {

  /** Runs {@code task} soon, on the scheduler's thread. */
  void execute(Runnable task);

  /** Runs {@code task} once {@code delayMillis} have passed; the handle cancels it. */
  Cancellable schedule(Runnable task, long delayMillis);

  /** Runs {@code task} now and then every {@code periodMillis} after each run ends. */
  Cancellable repeat(Runnable task, long periodMillis);

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
