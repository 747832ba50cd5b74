package io.waterbodies.events.pipeline.internal;

import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.PipelineException;
import io.waterbodies.events.pipeline.PipelineRun;
import io.waterbodies.events.pipeline.PipelineSummary;
import io.waterbodies.events.pipeline.ResultPublisher;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.client.StacApiClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running embedded pipeline: starts, and on close stops in reverse, the STAC server (for an
 * embedded source), the STAC clients, the completion sink, the transport and the workflow pool.
 */
public final class EmbeddedRun implements PipelineRun {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRun.class);

  private final PipelineDefinition d;
  private final SensorSpec spec;
  private final Progress progress = new Progress();
  private final Completions completions = new Completions();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private EmbeddedStacServer server;
  private URI stacApi;
  private URI resultsApi;
  private Path outDir;
  private Transport transport;
  private WorkflowExecutor executor;
  private ScheduledExecutorService ticker;
  private boolean closed;

  private EmbeddedRun(PipelineDefinition d, SensorSpec spec) {
    this.d = d;
    this.spec = spec;
  }

  /** Starts everything; on failure releases what was started and rethrows. */
  public static EmbeddedRun start(PipelineDefinition d, SensorSpec spec) {
    EmbeddedRun run = new EmbeddedRun(d, spec);
    try {
      run.startAll();
      return run;
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
  }

  private void startAll() {
    outDir = d.outDir().orElseGet(EmbeddedRun::tempDir);
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new PipelineException("cannot create the output directory " + outDir, e);
    }
    if (d.source().api().isEmpty()) {
      server = EmbeddedStacServer.start(d.source());
    }
    stacApi = server != null ? server.uri() : d.source().api().orElseThrow();
    // The embedded server takes writes (the results) only with this run's token.
    StacApiClient search = open(stacApi, Optional.ofNullable(server).map(s -> s.writeToken()));
    StacApiClient results = d.resultsApi().map(u -> open(u, Optional.empty())).orElse(search);
    resultsApi = results.uri();
    ResultPublisher publisher = new ResultPublisher(results, d.resultCollection());
    try {
      publisher.ensureCollection();
    } catch (StacException e) {
      throw new PipelineException(
          "cannot create the result collection '"
              + d.resultCollection()
              + "' at "
              + Redaction.redact(resultsApi.toString())
              + ": "
              + e.getMessage(),
          e);
    }
    BusMode mode = ServerEndpoints.resolve(d.busMode(), d.redis(), d.nats(), spec.name());
    executor =
        new WorkflowExecutor(
            d.workflow(),
            d.threshold(),
            outDir,
            publisher,
            completionSink(mode),
            progress,
            d.parallelism());
    executor.resume();
    TransportSettings ts = TransportSettings.of(d, spec, Instant.now());
    StacSearchSource source =
        StacSearchSource.stacApi(search, d.source().collections(), d.source().bbox());
    if (results.uri().equals(search.uri())) {
      source = new OwnResultsFilter(source, d.resultCollection());
    }
    transport =
        mode == BusMode.SERVERS
            ? ServerTransport.start(ts, source, executor)
            : InMemoryTransport.start(ts, source, executor);
    if (!d.progressInterval().isZero()) {
      ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("pipeline-progress"));
      long ms = d.progressInterval().toMillis();
      ticker.scheduleAtFixedRate(
          () -> LOG.info("pipeline progress: {}", summary().line()), ms, ms, TimeUnit.MILLISECONDS);
    }
    LOG.info(
        "pipeline {} running: source {}, bus {}, results to {} collection {}, outputs in {}",
        spec.name(),
        Redaction.redact(stacApi.toString()),
        mode,
        Redaction.redact(resultsApi.toString()),
        d.resultCollection(),
        outDir);
  }

  /** On the servers, completion events go to the Redis streams too; the run keeps them all. */
  private CompletionSink completionSink(BusMode mode) {
    if (mode != BusMode.SERVERS) {
      return completions;
    }
    RedisCompletionSink redis =
        new RedisCompletionSink(d.redis(), d.connectPolicy(), d.successStream(), d.failureStream());
    resources.add(redis);
    return e -> {
      redis.emit(e);
      completions.emit(e);
    };
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("waterbodies-pipeline-");
    } catch (IOException e) {
      throw new PipelineException("cannot create a temporary output directory", e);
    }
  }

  private StacApiClient open(URI uri, Optional<Secret> bearer) {
    try {
      StacApiClient.Builder b = StacApiClient.builder(uri);
      bearer.ifPresent(t -> b.header("Authorization", Secret.of("Bearer " + t.reveal())));
      StacApiClient c = b.build();
      resources.add(c);
      return c;
    } catch (StacException e) {
      throw new PipelineException(
          "cannot open the STAC API " + Redaction.redact(uri.toString()) + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public BusMode busMode() {
    return transport.mode();
  }

  @Override
  public URI stacApi() {
    return stacApi;
  }

  @Override
  public URI resultsApi() {
    return resultsApi;
  }

  @Override
  public Path outDir() {
    return outDir;
  }

  @Override
  public PipelineSummary summary() {
    MetricsSnapshot w = transport.watcher();
    MetricsSnapshot sn = transport.sensor();
    return new PipelineSummary(
        transport.mode(),
        w.in(),
        w.out(),
        sn.in(),
        sn.filtered(),
        progress.started.get(),
        progress.running.get(),
        progress.succeeded.get(),
        progress.failed.get(),
        progress.resultItems.get(),
        progress.completions.get(),
        progress.steps(),
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  @Override
  public List<CompletionEvent> completions() {
    return completions.list();
  }

  @Override
  public boolean awaitCompletions(int count, Duration timeout) throws InterruptedException {
    return completions.await(count, timeout);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (transport != null) {
      transport.close();
    }
    if (executor != null && !executor.shutdown(d.drainTimeout())) {
      LOG.warn(
          "pipeline {}: workflows still running after {} s; not waiting longer",
          spec.name(),
          d.drainTimeout().toSeconds());
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.debug("closing {}: {}", r, e.getMessage());
      }
    }
    if (server != null) {
      server.close();
    }
    if (transport != null) {
      // The host prints summary() where it wants it; the log repeats it only when asked to.
      LOG.debug("pipeline {} stopped:\n{}", spec.name(), summary().table());
    }
  }
}
