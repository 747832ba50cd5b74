package io.waterbodies.stac.server.internal;

import io.waterbodies.core.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the time a worker thread of the JDK HTTP server spends waiting for a slow client (a
 * slowloris): the request line and headers must arrive within the header timeout, the body within
 * the body timeout. The JDK server reads both on the worker thread from a blocking socket channel;
 * a watchdog interrupts a thread past its deadline, which closes that channel and frees the thread.
 * Threads busy computing a response are never interrupted.
 */
public final class ReadDeadlines implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadDeadlines.class);
  private static final int READING = 0;
  private static final int WORKING = 1;
  private static final int KILLED = 2;

  private final long headerNanos;
  private final long bodyNanos;
  private final Map<Thread, Task> active = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog;

  /** Starts the watchdog. */
  public ReadDeadlines(Duration headerTimeout, Duration bodyTimeout, String name) {
    this.headerNanos = headerTimeout.toNanos();
    this.bodyNanos = bodyTimeout.toNanos();
    long shortest = Math.min(headerTimeout.toMillis(), bodyTimeout.toMillis());
    long tick = Math.max(10, Math.min(1000, shortest / 4));
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name + "-read-watchdog"));
    watchdog.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** The state of one request on one worker thread; guarded by its own monitor. */
  private static final class Task {
    final Thread thread;
    int state = READING;
    long deadline;

    Task(Thread thread, long deadline) {
      this.thread = thread;
      this.deadline = deadline;
    }
  }

  /** An executor running each task of {@code pool} under the header deadline. */
  public Executor wrap(Executor pool) {
    return r ->
        pool.execute(
            () -> {
              Thread me = Thread.currentThread();
              Task t = new Task(me, System.nanoTime() + headerNanos);
              active.put(me, t);
              try {
                r.run();
              } finally {
                active.remove(me);
                synchronized (t) {
                  t.state = KILLED;
                }
                // A watchdog interrupt, if any, happened inside the monitor above: clear it so
                // that the pooled thread's next request does not inherit it.
                Thread.interrupted();
              }
            });
  }

  /**
   * Called by the handler once the headers are read.
   *
   * @return false when the watchdog already gave up on this request
   */
  boolean headersRead() {
    Task t = active.get(Thread.currentThread());
    if (t == null) {
      return true;
    }
    synchronized (t) {
      if (t.state == KILLED) {
        return false;
      }
      t.state = WORKING;
      return true;
    }
  }

  /** Called by the handler before it reads a request body. */
  void bodyStarted() {
    Task t = active.get(Thread.currentThread());
    if (t != null) {
      synchronized (t) {
        if (t.state == WORKING) {
          t.state = READING;
          t.deadline = System.nanoTime() + bodyNanos;
        }
      }
    }
  }

  /** Called by the handler once the body is read (or reading it failed). */
  void bodyRead() {
    Task t = active.get(Thread.currentThread());
    if (t != null) {
      synchronized (t) {
        if (t.state == READING) {
          t.state = WORKING;
        }
      }
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Task t : active.values()) {
      synchronized (t) {
        if (t.state == READING && now - t.deadline > 0) {
          t.state = KILLED;
          LOG.debug("{}: request not read in time; closing the connection", t.thread.getName());
          t.thread.interrupt();
        }
      }
    }
  }

  /** Stops the watchdog. */
  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
