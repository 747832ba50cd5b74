package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.pipeline.CompletionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The completion events of a run, in order, for the host to read or wait for. */
final class Completions implements CompletionSink {
  private final List<CompletionEvent> events = new ArrayList<>();

  @Override
  public void emit(CompletionEvent e) {
    synchronized (events) {
      events.add(e);
      events.notifyAll();
    }
  }

  List<CompletionEvent> list() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  boolean await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (events.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        events.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }
}
