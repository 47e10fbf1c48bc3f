package io.omnimargin.protocol.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The project's one thread factory: daemon threads with names, so that a thread dump says which
 * workflow each thread serves and none keeps the JVM alive at shutdown.
 */
public final class NamedThreads {
  private NamedThreads() {}

  /** For a single-thread executor: {@code name}, then {@code name-2}… if it is ever replaced. */
  public static ThreadFactory daemon(String name) {
    return factory(name, false);
  }

  /** For a pool: {@code prefix-1}, {@code prefix-2}… */
  public static ThreadFactory pool(String prefix) {
    return factory(prefix, true);
  }

  private static ThreadFactory factory(String name, boolean numberFirst) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      int n = count.incrementAndGet();
      Thread t = new Thread(task, n == 1 && !numberFirst ? name : name + "-" + n);
      t.setDaemon(true);
      return t;
    };
  }
}
