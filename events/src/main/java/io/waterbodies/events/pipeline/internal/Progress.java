package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.pipeline.PipelineSummary.StepStats;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** The workflow counters and step timings of a running pipeline (thread-safe). */
public final class Progress {
  /** Workflows started. */
  public final AtomicLong started = new AtomicLong();

  /** Workflows running. */
  public final AtomicLong running = new AtomicLong();

  /** Workflows succeeded. */
  public final AtomicLong succeeded = new AtomicLong();

  /** Workflows failed. */
  public final AtomicLong failed = new AtomicLong();

  /** Result Items published. */
  public final AtomicLong resultItems = new AtomicLong();

  /** Completion events emitted. */
  public final AtomicLong completions = new AtomicLong();

  private final Map<String, StepStats> steps = new TreeMap<>();

  /** Records one run of a step. */
  public synchronized void step(String name, Duration d, boolean ok) {
    StepStats s = steps.getOrDefault(name, new StepStats(0, 0, Duration.ZERO, Duration.ZERO));
    steps.put(
        name,
        new StepStats(
            s.count() + 1,
            s.failures() + (ok ? 0 : 1),
            s.total().plus(d),
            d.compareTo(s.max()) > 0 ? d : s.max()));
  }

  /** A copy of the step timings. */
  public synchronized Map<String, StepStats> steps() {
    return Map.copyOf(steps);
  }
}
