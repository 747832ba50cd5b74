package io.waterbodies.examples.cli;

import io.waterbodies.detection.HrefResolver;
import io.waterbodies.detection.Index;
import io.waterbodies.events.metrics.ComponentHealth;
import io.waterbodies.events.metrics.HealthReport;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.Pipeline;
import io.waterbodies.events.pipeline.PipelineConfig;
import io.waterbodies.events.pipeline.PipelineRun;
import io.waterbodies.events.pipeline.PipelineSummary;
import io.waterbodies.examples.demo.HttpDownloads;
import io.waterbodies.examples.pipeline.DetectionWorkflowLauncher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies run --config pipeline.yaml}: runs a pipeline described in YAML with the
 * in-process detection workflow, like a service: until it is stopped (Ctrl-C or SIGTERM), or until
 * {@code --max-items} workflows completed, or until it was idle for {@code --until-idle}. Prints
 * each completed workflow, a progress line now and then, and the summary table at the end.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a pipeline described in a YAML file (see the README's Pipeline section): watch the STAC"
          + " source, emit events, run the water-bodies-detection workflow in-process for each"
          + " item, publish the result Items and completion events.",
      "Runs until stopped (Ctrl-C), unless --max-items or --until-idle says otherwise; prints the"
          + " summary table when it stops. Exit code 1 when a workflow failed."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The pipeline YAML file.")
  Path config;

  @Option(
      names = "--max-items",
      paramLabel = "N",
      description = "Stop once N workflows completed (succeeded or failed).")
  Integer maxItems;

  @Option(
      names = "--until-idle",
      paramLabel = "DURATION",
      description =
          "Stop once no workflow ran and nothing new arrived for this long (e.g. 30s, 2m).")
  String untilIdle;

  @Option(
      names = "--asset-root",
      paramLabel = "DIR",
      description =
          "Read every asset from the file of the same name in DIR (default: file: hrefs as they"
              + " are).")
  Path assetRoot;

  @Option(
      names = "--downloads",
      paramLabel = "DIR",
      description =
          "Download http(s) assets once into DIR (default: waterbodies-downloads in the temporary"
              + " directory); ignored"
              + " with --asset-root.")
  Path downloads;

  @Option(
      names = "--index",
      defaultValue = "ndwi",
      description = "ndwi (green, nir) or mndwi (green, swir16).")
  String index;

  @Option(names = "--guard", description = "No-water guard (index > 0 presence test).")
  boolean guard;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Detections at once (default: the number of processors).")
  Integer threads;

  @Option(
      names = "--progress",
      defaultValue = "10s",
      paramLabel = "DURATION",
      description = "How often a progress line is printed (0: never).")
  String progress;

  @picocli.CommandLine.Mixin HealthReporter.Options health;

  @Option(
      names = "--manifests",
      description =
          "Print the pipeline's cluster deployment (RBAC, Argo resources, watcher; YAML, in apply"
              + " order) and exit without running.")
  boolean manifests;

  @Override
  public Integer call() throws Exception {
    Duration idle =
        untilIdle == null ? null : DurationOption.parse(spec, "--until-idle", untilIdle);
    Duration every = DurationOption.parse(spec, "--progress", progress);
    if (maxItems != null && maxItems < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-items must be at least 1");
    }
    Index idx =
        switch (index.toLowerCase(Locale.ROOT)) {
          case "ndwi" -> Index.NDWI;
          case "mndwi" -> Index.MNDWI;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--index must be ndwi or mndwi, got '" + index + "'");
        };
    DetectionWorkflowLauncher.Builder lb =
        DetectionWorkflowLauncher.builder()
            .index(idx)
            .guard(guard)
            .hrefResolver(
                assetRoot == null
                    ? new HttpDownloads(downloads == null ? tempDownloads() : downloads)
                    : HrefResolver.byFileName(assetRoot));
    if (threads != null) {
      lb.threads(threads);
    }
    Pipeline pipeline =
        PipelineConfig.read(config).workflow(lb.build()).progressInterval(Duration.ZERO).build();
    PrintWriter out = spec.commandLine().getOut();
    if (manifests) {
      out.print(pipeline.bundle().toYaml());
      out.flush();
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopped.countDown();
              try {
                // Let the main thread close the run and print the summary before the JVM exits.
                finished.await(2, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "waterbodies-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    PipelineSummary summary;
    try (PipelineRun run = pipeline.runEmbedded();
        HealthReporter reporter = HealthReporter.start(out, health, () -> health(run))) {
      out.printf(
          "pipeline running: source %s, bus %s, results to %s, outputs in %s%n",
          pipeline.source(), run.busMode(), run.resultsApi(), run.outDir());
      out.printf(
          "stop with Ctrl-C%s; kill -USR1 %d prints the health%n",
          stopCondition(idle), ProcessHandle.current().pid());
      out.flush();
      watch(run, out, idle, every, stopped);
      summary = run.summary();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down already (Ctrl-C): the hook waits for us.
      }
    }
    out.println();
    out.print(summary.table());
    out.flush();
    finished.countDown();
    return summary.workflowsFailed() > 0 ? WaterbodiesCommand.EXIT_FINDINGS : 0;
  }

  /**
   * The embedded run's health, one entry per stage, from its summary: the watcher (items found,
   * events emitted), the sensor (events received, lag = emitted but not yet received) and the
   * workflows (lag = running now). The stages are in-process, so they count as connected.
   */
  static HealthReport health(PipelineRun run) {
    PipelineSummary s = run.summary();
    return HealthReport.now(
        List.of(
            stage("pipeline/watcher", s.itemsFound(), s.eventsEmitted(), 0, 0, 0),
            stage(
                "pipeline/sensor",
                s.eventsReceived(),
                s.workflowsStarted(),
                0,
                s.eventsFiltered(),
                Math.max(0, s.eventsEmitted() - s.eventsReceived())),
            stage(
                "pipeline/workflows",
                s.workflowsStarted(),
                s.workflowsSucceeded(),
                s.workflowsFailed(),
                0,
                s.workflowsRunning())));
  }

  private static ComponentHealth stage(
      String name, long in, long out, long failed, long filtered, long lag) {
    return ComponentHealth.of(
        new MetricsSnapshot(name, in, out, failed, 0, 0, 0, filtered, lag), true);
  }

  /** A cache shared by runs, so a restarted pipeline does not download the same scenes again. */
  private static Path tempDownloads() {
    return Path.of(System.getProperty("java.io.tmpdir"), "waterbodies-downloads");
  }

  private String stopCondition(Duration idle) {
    StringBuilder b = new StringBuilder();
    if (maxItems != null) {
      b.append(", or after ").append(maxItems).append(" completed workflow(s)");
    }
    if (idle != null) {
      b.append(", or after ").append(idle.toSeconds()).append(" s idle");
    }
    return b.toString();
  }

  private void watch(
      PipelineRun run, PrintWriter out, Duration idle, Duration every, CountDownLatch stopped)
      throws InterruptedException {
    int printed = 0;
    long lastActivity = System.nanoTime();
    long lastProgress = System.nanoTime();
    List<Long> lastCounters = counters(run.summary());
    while (!stopped.await(250, TimeUnit.MILLISECONDS)) {
      List<CompletionEvent> done = run.completions();
      for (; printed < done.size(); printed++) {
        CompletionEvent e = done.get(printed);
        out.printf(
            "%s %-9s %s%s%n",
            Instant.now(),
            e.workflowStatus(),
            e.href(),
            e.stacCatalog().isEmpty() ? "" : " -> " + e.stacCatalog());
      }
      PipelineSummary s = run.summary();
      List<Long> c = counters(s);
      long now = System.nanoTime();
      if (!c.equals(lastCounters) || s.workflowsRunning() > 0) {
        lastCounters = c;
        lastActivity = now;
      }
      if (!every.isZero() && now - lastProgress >= every.toNanos()) {
        out.printf("%s progress: %s%n", Instant.now(), s.line());
        lastProgress = now;
      }
      out.flush();
      if (maxItems != null && done.size() >= maxItems) {
        out.printf("%d workflow(s) completed; stopping%n", done.size());
        return;
      }
      if (idle != null && now - lastActivity >= idle.toNanos()) {
        out.printf("idle for %d s; stopping%n", idle.toSeconds());
        return;
      }
    }
    out.println("stopping: letting running workflows finish");
  }

  private static List<Long> counters(PipelineSummary s) {
    return List.of(
        s.eventsEmitted(), s.eventsReceived(), s.workflowsStarted(), s.completionEvents());
  }
}
