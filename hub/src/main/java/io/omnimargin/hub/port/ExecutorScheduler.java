package io.omnimargin.hub.port;

import io.omnimargin.protocol.concurrent.NamedThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The production {@link Scheduler}: one named daemon thread. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
  private final ScheduledExecutorService executor;

  public ExecutorScheduler(String threadName) {
    this.executor = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon(threadName));
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public Cancellable schedule(Runnable task, long delayMillis) {
    var future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public Cancellable repeat(Runnable task, long periodMillis) {
    var future = executor.scheduleWithFixedDelay(task, 0, periodMillis, TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
