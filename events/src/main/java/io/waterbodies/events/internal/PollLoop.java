package io.waterbodies.events.internal;

import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Runs a poll again and again on a daemon thread until closed: after a success it pauses for what
 * the poll returned, after a failure for the retry policy's growing delay (the failure is logged
 * and counted, never fatal, so a watcher survives a flaky API). Closing wakes a pausing loop at
 * once instead of letting it finish its pause.
 */
public final class PollLoop implements AutoCloseable {
  /** One poll. */
  @FunctionalInterface
  public interface Poll {
    /**
     * Polls once.
     *
     * @return the pause before the next poll (zero: poll again at once)
     * @throws RuntimeException on failure; the loop backs off and polls again
     */
    Duration poll();
  }

  private final Object lock = new Object();
  private final Poll poll;
  private final RetryPolicy backoff;
  private final Consumer<RuntimeException> onFailure;
  private final Supplier<String> what;
  private final Logger log;
  private final Thread thread;
  private volatile boolean running = true;

  private PollLoop(
      String threadName,
      Supplier<String> what,
      Poll poll,
      RetryPolicy backoff,
      Consumer<RuntimeException> onFailure,
      Logger log) {
    this.what = what;
    this.poll = poll;
    this.backoff = backoff;
    this.onFailure = onFailure;
    this.log = log;
    this.thread = DaemonThreads.newThread(threadName, this::loop);
  }

  /**
   * Starts polling on a new daemon thread.
   *
   * @param threadName the thread's name
   * @param what what is polled, for the failure log line (no credentials)
   * @param poll the poll
   * @param backoff delays after consecutive failures
   * @param onFailure called once per failure (for example to count and remember it)
   * @param log where failures are logged
   */
  public static PollLoop start(
      String threadName,
      Supplier<String> what,
      Poll poll,
      RetryPolicy backoff,
      Consumer<RuntimeException> onFailure,
      Logger log) {
    PollLoop l =
        new PollLoop(
            Objects.requireNonNull(threadName, "threadName"),
            Objects.requireNonNull(what, "what"),
            Objects.requireNonNull(poll, "poll"),
            Objects.requireNonNull(backoff, "backoff"),
            Objects.requireNonNull(onFailure, "onFailure"),
            Objects.requireNonNull(log, "log"));
    l.thread.start();
    return l;
  }

  /** Like the other {@code start}, with a failure callback that does not need the exception. */
  public static PollLoop start(
      String threadName,
      Supplier<String> what,
      Poll poll,
      RetryPolicy backoff,
      Runnable onFailure,
      Logger log) {
    Objects.requireNonNull(onFailure, "onFailure");
    return start(threadName, what, poll, backoff, e -> onFailure.run(), log);
  }

  private void loop() {
    int failures = 0;
    while (running) {
      Duration wait;
      try {
        wait = poll.poll();
        failures = 0;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        onFailure.accept(e);
        failures++;
        wait = backoff.delayAfter(Math.min(failures, 20));
        log.warn(
            "{} failed ({}); retrying in {} ms",
            what.get(),
            Connections.reason(e),
            wait.toMillis());
      }
      if (!pause(wait)) {
        return;
      }
    }
  }

  /** Waits up to {@code d} or until closed; false when interrupted. */
  private boolean pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    synchronized (lock) {
      long left;
      while (running && (left = until - System.nanoTime()) > 0) {
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** True while the loop's thread runs. */
  public boolean isRunning() {
    return running && thread.isAlive();
  }

  /** Stops the loop and waits (up to 30 s) for a poll in progress to end. */
  @Override
  public void close() {
    running = false;
    synchronized (lock) {
      lock.notifyAll();
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
