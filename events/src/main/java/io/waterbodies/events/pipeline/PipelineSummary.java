package io.waterbodies.events.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The progress of an embedded pipeline at one moment: what the watcher found, what the sensor
 * triggered, how the workflows went and how long their steps took.
 *
 * @param busMode the transport in use ({@link BusMode#SERVERS} or {@link BusMode#IN_MEMORY})
 * @param itemsFound items the watcher's searches returned (repeats included)
 * @param eventsEmitted events the watcher emitted (new items)
 * @param eventsReceived events the sensor received
 * @param eventsFiltered events the sensor's filters rejected
 * @param workflowsStarted workflows triggered and started
 * @param workflowsRunning workflows running now
 * @param workflowsSucceeded workflows that succeeded and published their results
 * @param workflowsFailed workflows that failed (a failure completion event each)
 * @param resultItems result Items POSTed to the STAC API
 * @param completionEvents completion events emitted
 * @param steps timing per step name (plus {@code workflow} for whole runs and {@code publish} for
 *     the STAC API POSTs)
 * @param elapsed time since the pipeline started
 */
public record PipelineSummary(
    BusMode busMode,
    long itemsFound,
    long eventsEmitted,
    long eventsReceived,
    long eventsFiltered,
    long workflowsStarted,
    long workflowsRunning,
    long workflowsSucceeded,
    long workflowsFailed,
    long resultItems,
    long completionEvents,
    Map<String, StepStats> steps,
    Duration elapsed) {
  /** Copies the map. */
  public PipelineSummary {
    steps = Map.copyOf(steps);
  }

  /**
   * Timing of one step over all workflows.
   *
   * @param count how often it ran
   * @param failures how often it failed
   * @param total the summed time
   * @param max the longest run
   */
  public record StepStats(long count, long failures, Duration total, Duration max) {
    /** The mean time of a run (zero when it never ran). */
    public Duration mean() {
      return count == 0 ? Duration.ZERO : total.dividedBy(count);
    }
  }

  /** One line for progress logs. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "events %d emitted / %d received, workflows %d started, %d running, %d succeeded,"
            + " %d failed, %d result items",
        eventsEmitted,
        eventsReceived,
        workflowsStarted,
        workflowsRunning,
        workflowsSucceeded,
        workflowsFailed,
        resultItems);
  }

  /** A plain-text table of the counters and the step timings, for the end of a run. */
  public String table() {
    StringBuilder b = new StringBuilder();
    String row = "%-22s %12s%n";
    b.append(String.format(Locale.ROOT, row, "bus", busMode.name().toLowerCase(Locale.ROOT)));
    b.append(String.format(Locale.ROOT, row, "elapsed", seconds(elapsed)));
    b.append(String.format(Locale.ROOT, row, "items found", itemsFound));
    b.append(String.format(Locale.ROOT, row, "events emitted", eventsEmitted));
    b.append(String.format(Locale.ROOT, row, "events received", eventsReceived));
    b.append(String.format(Locale.ROOT, row, "events filtered", eventsFiltered));
    b.append(String.format(Locale.ROOT, row, "workflows started", workflowsStarted));
    b.append(String.format(Locale.ROOT, row, "workflows running", workflowsRunning));
    b.append(String.format(Locale.ROOT, row, "workflows succeeded", workflowsSucceeded));
    b.append(String.format(Locale.ROOT, row, "workflows failed", workflowsFailed));
    b.append(String.format(Locale.ROOT, row, "result items", resultItems));
    b.append(String.format(Locale.ROOT, row, "completion events", completionEvents));
    if (!steps.isEmpty()) {
      String srow = "%-22s %6s %8s %10s %10s %10s%n";
      b.append(String.format(Locale.ROOT, srow, "step", "runs", "failed", "mean", "max", "total"));
      steps.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          srow,
                          e.getKey(),
                          e.getValue().count(),
                          e.getValue().failures(),
                          seconds(e.getValue().mean()),
                          seconds(e.getValue().max()),
                          seconds(e.getValue().total()))));
    }
    return b.toString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
  }
}
