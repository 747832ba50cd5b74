package io.waterbodies.core.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's one thread factory: daemon threads (a library must never keep its host's JVM alive)
 * named {@code waterbodies-<role>-<n>} so that thread dumps and logs say what each one does, and an
 * uncaught exception is logged instead of vanishing with the thread.
 */
public final class DaemonThreads implements ThreadFactory {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonThreads.class);

  private final String prefix;
  private final AtomicInteger next = new AtomicInteger(1);

  private DaemonThreads(String role) {
    this.prefix = "waterbodies-" + Objects.requireNonNull(role, "role") + "-";
  }

  /** A factory for threads of one role, e.g. {@code sensor} or {@code stac-server}. */
  public static DaemonThreads named(String role) {
    return new DaemonThreads(role);
  }

  /** One thread of {@code role} running {@code task}, not started. */
  public static Thread newThread(String role, Runnable task) {
    return named(role).newThread(task);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Thread(task, prefix + next.getAndIncrement());
    t.setDaemon(true);
    t.setUncaughtExceptionHandler(
        (th, e) -> LOG.error("thread {} ended with an uncaught exception", th.getName(), e));
    return t;
  }

  @Override
  public String toString() {
    return "DaemonThreads[" + prefix + "*]";
  }
}
