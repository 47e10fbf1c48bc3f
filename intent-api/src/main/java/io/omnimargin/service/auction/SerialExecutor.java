package io.omnimargin.service.auction;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs tasks one after another, in submission order, on a shared pool: one solver session's frames
 * are handled in the order they came without holding a thread of their own.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = Logger.getLogger(SerialExecutor.class);

  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Executor pool;

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("session task failed", e);
        }
      }
    } finally {
      running.set(false);
      schedule(); // a task added between the last poll and the reset
    }
  }
}
