package io.waterbodies.events.pipeline.internal;

import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.core.secret.Secret;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.PipelineException;
import io.waterbodies.events.pipeline.PipelineRun;
import io.waterbodies.events.pipeline.PipelineSummary;
import io.waterbodies.events.pipeline.ResultPublisher;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.events.pipeline.Threshold;
import io.waterbodies.events.pipeline.WorkflowLauncher;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

/** A running embedded pipeline: owns the STAC server, the transport, the workflow pool. */
public final class EmbeddedRun implements PipelineRun {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRun.class);

  /**
   * The pipeline definition, as the runtime needs it.
   *
   * @param source the STAC source
   * @param workflow the workflow runtime
   * @param busMode the requested bus mode
   * @param redisUri the Redis URI
   * @param natsUri the NATS URI
   * @param bus the bus layout
   * @param stream the Redis stream of item events
   * @param eventSourceName the event source name
   * @param eventName the event name
   * @param triggerName the trigger name
   * @param threshold the detection thresholding
   * @param resultCollection the result collection
   * @param resultsApi the results API (default: the source API)
   * @param successStream the success completion stream
   * @param failureStream the failure completion stream
   * @param outDir the output directory (default: a temporary one)
   * @param since the earliest datetime watched (default: 30 days ago)
   * @param pollInterval the search interval
   * @param progressInterval the progress log interval (zero: none)
   * @param drainTimeout how long close waits for workflows
   * @param parallelism workflows at once
   * @param maxAttempts trigger attempts
   * @param backoff retry delays
   * @param connectPolicy connection retries
   * @param spec the compiled-to-be sensor spec
   */
  public record Settings(
      StacSource source,
      WorkflowLauncher workflow,
      BusMode busMode,
      String redisUri,
      String natsUri,
      EventBusConfig bus,
      String stream,
      String eventSourceName,
      String eventName,
      String triggerName,
      Threshold threshold,
      String resultCollection,
      Optional<URI> resultsApi,
      String successStream,
      String failureStream,
      Optional<Path> outDir,
      Optional<Instant> since,
      Duration pollInterval,
      Duration progressInterval,
      Duration drainTimeout,
      int parallelism,
      int maxAttempts,
      RetryPolicy backoff,
      RetryPolicy connectPolicy,
      SensorSpec spec) {}

  private final Settings s;
  private final Progress progress = new Progress();
  private final List<CompletionEvent> completions = new ArrayList<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private StacApiServer server;
  private final Secret writeToken = randomToken();
  private URI stacApi;
  private URI resultsApi;
  private Path outDir;
  private Transport transport;
  private WorkflowExecutor executor;
  private ScheduledExecutorService ticker;
  private boolean closed;

  private EmbeddedRun(Settings s) {
    this.s = s;
  }

  /** Starts everything; on failure releases what was started and rethrows. */
  public static EmbeddedRun start(Settings s) {
    EmbeddedRun run = new EmbeddedRun(s);
    try {
      run.startAll();
      return run;
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
  }

  private void startAll() {
    outDir = s.outDir().orElseGet(EmbeddedRun::tempDir);
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new PipelineException("cannot create the output directory " + outDir, e);
    }
    stacApi = s.source().api().orElseGet(this::startServer);
    // The embedded server takes writes (the results) only with this run's token.
    StacApiClient search = server != null ? open(stacApi, Optional.of(writeToken)) : open(stacApi);
    StacApiClient results = s.resultsApi().map(this::open).orElse(search);
    resultsApi = results.uri();
    ResultPublisher publisher = new ResultPublisher(results, s.resultCollection());
    try {
      publisher.ensureCollection();
    } catch (StacException e) {
      throw new PipelineException(
          "cannot create the result collection '"
              + s.resultCollection()
              + "' at "
              + Redaction.redact(resultsApi.toString())
              + ": "
              + e.getMessage(),
          e);
    }
    BusMode mode = resolveMode();
    CompletionSink sink = this::record;
    if (mode == BusMode.SERVERS) {
      RedisCompletionSink redis =
          new RedisCompletionSink(
              s.redisUri(), s.connectPolicy(), s.successStream(), s.failureStream());
      resources.add(redis);
      sink =
          e -> {
            redis.emit(e);
            record(e);
          };
    }
    executor =
        new WorkflowExecutor(
            s.workflow(), s.threshold(), outDir, publisher, sink, progress, s.parallelism());
    executor.resume();
    Instant now = Instant.now();
    Instant since = s.since().orElse(now.minus(Duration.ofDays(30)));
    Duration window = Duration.between(since, now).plusDays(1);
    if (window.isNegative() || window.isZero()) {
      window = Duration.ofDays(1);
    }
    TransportSettings ts =
        new TransportSettings(
            s.redisUri(),
            s.natsUri(),
            s.bus(),
            s.stream(),
            s.eventSourceName(),
            s.eventName(),
            "waterbodies-pipeline",
            "waterbodies:pipeline:" + s.spec().name() + ":" + s.stream(),
            since,
            window,
            s.pollInterval(),
            s.maxAttempts(),
            s.backoff(),
            s.connectPolicy());
    StacSearchSource source =
        StacSearchSource.stacApi(search, s.source().collections(), s.source().bbox());
    if (results.uri().equals(search.uri())) {
      source = new OwnResultsFilter(source, s.resultCollection());
    }
    transport =
        mode == BusMode.SERVERS
            ? ServerTransport.start(ts, source, s.spec(), s.triggerName(), executor)
            : InMemoryTransport.start(ts, source, s.spec(), s.triggerName(), executor);
    if (!s.progressInterval().isZero()) {
      ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("pipeline-progress"));
      long ms = s.progressInterval().toMillis();
      ticker.scheduleAtFixedRate(
          () -> LOG.info("pipeline progress: {}", summary().line()), ms, ms, TimeUnit.MILLISECONDS);
    }
    LOG.info(
        "pipeline {} running: source {}, bus {}, results to {} collection {}, outputs in {}",
        s.spec().name(),
        Redaction.redact(stacApi.toString()),
        mode,
        Redaction.redact(resultsApi.toString()),
        s.resultCollection(),
        outDir);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("waterbodies-pipeline-");
    } catch (IOException e) {
      throw new PipelineException("cannot create a temporary output directory", e);
    }
  }

  /** A fresh bearer token for this run's embedded server: 32 random bytes, URL-safe base64. */
  private static Secret randomToken() {
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    return Secret.of(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b));
  }

  private StacApiClient open(URI uri) {
    return open(uri, Optional.empty());
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

  private URI startServer() {
    InMemoryStacStore store = new InMemoryStacStore();
    List<Item> items = s.source().items();
    for (String c : s.source().collections()) {
      store.createCollection(
          Collection.builder(
                  c,
                  "Items served by the embedded pipeline",
                  "proprietary",
                  Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
              .build()
              .toJson());
      store.putItems(
          c,
          items.stream()
              .filter(i -> i.collection().orElse("").equals(c))
              .map(Item::toJson)
              .toList());
    }
    server =
        StacApiServer.builder()
            .store(store)
            .host("127.0.0.1")
            .port(0)
            .writeToken(writeToken)
            .build()
            .start();
    LOG.info("embedded STAC API at {} serving {} item(s)", server.uri(), items.size());
    return server.uri();
  }

  private BusMode resolveMode() {
    if (s.busMode() != BusMode.AUTO) {
      if (s.busMode() == BusMode.IN_MEMORY) {
        LOG.warn(
            "pipeline {}: using the IN-MEMORY event bus as configured: events are not durable"
                + " and nothing is written to Redis or NATS",
            s.spec().name());
      }
      return s.busMode();
    }
    Optional<String> redis = unreachable(s.redisUri(), 6379);
    Optional<String> nats = unreachable(s.natsUri(), 4222);
    if (redis.isEmpty() && nats.isEmpty()) {
      return BusMode.SERVERS;
    }
    LOG.warn(
        "pipeline {}: {}{}; FALLING BACK TO THE IN-MEMORY EVENT BUS: events are not durable, and"
            + " no completion events reach Redis (for demos and tests only)",
        s.spec().name(),
        redis.map(r -> "Redis unreachable (" + r + ")").orElse(""),
        nats.map(n -> (redis.isPresent() ? ", " : "") + "NATS unreachable (" + n + ")").orElse(""));
    return BusMode.IN_MEMORY;
  }

  private static Optional<String> unreachable(String uri, int defaultPort) {
    String first = uri.split(",")[0].trim();
    URI u;
    try {
      u = URI.create(first);
    } catch (IllegalArgumentException e) {
      return Optional.of("not a URI: " + Redaction.redact(first));
    }
    String host = u.getHost() == null ? "127.0.0.1" : u.getHost();
    int port = u.getPort() < 0 ? defaultPort : u.getPort();
    try (Socket sock = new Socket()) {
      sock.connect(new InetSocketAddress(host, port), 1000);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(Redaction.redact(first) + ": " + Connections.reason(e));
    }
  }

  private void record(CompletionEvent e) {
    synchronized (completions) {
      completions.add(e);
      completions.notifyAll();
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
    synchronized (completions) {
      return List.copyOf(completions);
    }
  }

  @Override
  public boolean awaitCompletions(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (completions) {
      while (completions.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        completions.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
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
    if (executor != null && !executor.shutdown(s.drainTimeout())) {
      LOG.warn(
          "pipeline {}: workflows still running after {} s; not waiting longer",
          s.spec().name(),
          s.drainTimeout().toSeconds());
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
      LOG.debug("pipeline {} stopped:\n{}", s.spec().name(), summary().table());
    }
  }
}
