package io.waterbodies.events.pipeline;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A pipeline running embedded (from {@link Pipeline#runEmbedded()}): watch its progress, wait for
 * completions, and close it to stop watching, let running workflows finish and release servers and
 * connections.
 */
public interface PipelineRun extends AutoCloseable {
  /** The transport actually in use: {@link BusMode#SERVERS} or {@link BusMode#IN_MEMORY}. */
  BusMode busMode();

  /** The STAC API searched for items (the embedded server's address for an embedded source). */
  URI stacApi();

  /** The STAC API result Items are POSTed to. */
  URI resultsApi();

  /** The directory holding one sub-directory of outputs per workflow. */
  Path outDir();

  /** The counters and step timings now. */
  PipelineSummary summary();

  /** The completion events emitted so far, in order. */
  List<CompletionEvent> completions();

  /**
   * Waits until at least {@code count} completion events were emitted.
   *
   * @return false when the timeout passed first
   * @throws InterruptedException when interrupted while waiting
   */
  boolean awaitCompletions(int count, Duration timeout) throws InterruptedException;

  /**
   * Stops watching and sensing, waits for running workflows (up to the drain timeout), logs the
   * summary table and releases everything the run started.
   */
  @Override
  void close();
}
