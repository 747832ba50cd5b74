package io.waterbodies.events.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.reference.Bundle;
import io.waterbodies.argo.reference.ReferenceNames;
import io.waterbodies.argo.reference.ReferencePipeline;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.pipeline.internal.EmbeddedRun;
import io.waterbodies.events.pipeline.internal.PipelineChecks;
import io.waterbodies.events.pipeline.internal.ReferenceSensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One definition of the reference system: a STAC source, Redis, the event bus, a sensor with its jq
 * transform and parameter mapping, the {@code water-bodies-detection} workflow and the STAC API
 * that receives the results. Every default equals the reference deployment (stream {@code STREAM},
 * event source {@code redis-source} / event {@code example}, WorkflowTemplate {@code
 * water-bodies-detection}, the reference AOI and EPSG, jq {@code .values.href = [ .values.href ]},
 * Otsu thresholding), so a pipeline needs only its source and its workflow:
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder()
 *     .source(StacSource.embedded(items))
 *     .workflow(launcher)                      // runs crop + detection, returns result Items
 *     .build();                                // validates everything (names, AOI, EPSG, jq)
 * try (PipelineRun run = pipeline.runEmbedded()) {
 *   run.awaitCompletions(items.size(), Duration.ofMinutes(5));
 *   log.info("{}", run.summary().table());
 * }
 * }</pre>
 *
 * <p>{@link #runEmbedded()} uses Redis and NATS JetStream when both answer ({@link BusMode#AUTO}),
 * otherwise an in-memory bus with the same envelopes, filters and parameter mapping, and says so in
 * a warning.
 */
public final class Pipeline {
  /** The reference deployment's area of interest. */
  public static final String DEFAULT_AOI = ReferenceNames.AOI;

  /** The reference deployment's jq transform of the event data. */
  public static final String DEFAULT_JQ = ReferenceNames.JQ;

  private final Builder b;
  private final ObjectNode sensorManifest;
  private final SensorSpec sensorSpec;

  private Pipeline(Builder b, ObjectNode sensorManifest, SensorSpec sensorSpec) {
    this.b = b;
    this.sensorManifest = sensorManifest;
    this.sensorSpec = sensorSpec;
  }

  /** A builder with the reference system's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Argo Events {@code Sensor} manifest this pipeline runs (a copy). */
  public ObjectNode sensorManifest() {
    return sensorManifest.deepCopy();
  }

  /** The sensor part of {@link #sensorManifest()}, as the sensor engine reads it. */
  public SensorSpec sensorSpec() {
    return sensorSpec;
  }

  /** The STAC source. */
  public StacSource source() {
    return b.source;
  }

  /** The requested bus mode. */
  public BusMode busMode() {
    return b.busMode;
  }

  /** The event bus layout (stream name and subject prefix). */
  public EventBusConfig bus() {
    return b.bus;
  }

  /** The Redis stream the watcher writes. */
  public String stream() {
    return b.stream;
  }

  /** The trigger's name in the sensor. */
  public String triggerName() {
    return b.triggerName;
  }

  /** The collection result Items are created in. */
  public String resultCollection() {
    return b.resultCollection;
  }

  /**
   * The same definition as the Argo resources of a cluster deployment, built with the argo module's
   * {@link ReferencePipeline}: EventBus (named after {@link #bus()}), EventSource reading {@link
   * #stream()} under the pipeline's event source and event names, Sensor with the pipeline's
   * dependency, jq transform, trigger, WorkflowTemplate reference, {@code generateName}, AOI and
   * EPSG, and the {@code argo-cwl-runner} and detection WorkflowTemplates whose exit handler
   * reports to the pipeline's completion streams. Redis is addressed as the cluster sees it ({@link
   * Builder#cluster(String, String, int)}, default {@code redis-service:6379}).
   */
  public PipelineManifests manifests() {
    return new PipelineManifests(reference().resources());
  }

  /**
   * The whole deployment of {@link #manifests()}'s resources, in apply order, with the service
   * accounts and RBAC, the STAC watcher Deployment, our CWL application and the cluster's
   * prerequisites (see {@link ReferencePipeline#bundle()}); result Items go to {@link
   * #resultCollection()}.
   */
  public Bundle bundle() {
    return reference().bundle();
  }

  private ReferencePipeline reference() {
    ReferencePipeline.Builder r =
        ReferencePipeline.builder().redis(b.clusterRedisHost, b.clusterRedisPort).stream(b.stream)
            .eventBusName(b.bus.streamName())
            .eventSourceName(b.eventSourceName)
            .eventName(b.eventName)
            .sensorName(b.sensorName)
            .dependencyName(b.dependencyName)
            .triggerName(b.triggerName)
            .detectionTemplateName(b.workflowTemplate)
            .generateName(b.generateName)
            .aoi(b.aoi)
            .epsg(b.epsg)
            .jq(b.jq)
            .resultStreams(b.successStream, b.failureStream)
            .results(ReferencePipeline.DEFAULT_RESULTS_API, b.resultCollection);
    b.resultsApi.ifPresent(u -> r.results(u.toString(), b.resultCollection));
    b.namespace.ifPresent(r::namespace);
    return r.build();
  }

  /**
   * Cluster mode: a sensor for this pipeline's bus and sensor definition whose {@code k8s} trigger
   * creates the Workflows on Kubernetes through {@code k8s} (exactly once per event), instead of
   * running them in this JVM. The builder is ready to {@code build().start()}; adjust it first if
   * needed. The namespace is the one given to {@link Builder#cluster}, else {@code k8s}'s.
   */
  public io.waterbodies.events.sensor.Sensor.Builder clusterSensor(
      io.waterbodies.argo.k8s.ArgoKubernetes k8s) {
    io.waterbodies.events.k8s.KubernetesTriggerFactory triggers =
        io.waterbodies.events.k8s.KubernetesTriggerFactory.of(k8s);
    return io.waterbodies.events.sensor.Sensor.builder()
        .spec(sensorSpec)
        .natsUri(b.natsUri)
        .bus(b.bus)
        .maxAttempts(b.maxAttempts)
        .backoff(b.backoff)
        .connectPolicy(b.connectPolicy)
        .triggerFactory(b.namespace.map(triggers::namespace).orElse(triggers));
  }

  /**
   * Runs the whole pipeline in this JVM until the returned run is closed: starts the embedded STAC
   * API server (for an embedded source), connects to Redis and NATS or falls back to the in-memory
   * bus, and starts watcher, event source, sensor and the workflow pool.
   *
   * @throws PipelineException when the STAC API cannot be reached or set up
   * @throws io.waterbodies.events.EventsException when {@link BusMode#SERVERS} was asked for and
   *     Redis or NATS cannot be used
   */
  public PipelineRun runEmbedded() {
    return EmbeddedRun.start(
        new EmbeddedRun.Settings(
            b.source,
            b.workflow,
            b.busMode,
            b.redisUri,
            b.natsUri,
            b.bus,
            b.stream,
            b.eventSourceName,
            b.eventName,
            b.triggerName,
            b.threshold,
            b.resultCollection,
            b.resultsApi,
            b.successStream,
            b.failureStream,
            b.outDir,
            b.since,
            b.pollInterval,
            b.progressInterval,
            b.drainTimeout,
            b.parallelism,
            b.maxAttempts,
            b.backoff,
            b.connectPolicy,
            sensorSpec));
  }

  @Override
  public String toString() {
    return "Pipeline[source="
        + b.source
        + ", stream="
        + b.stream
        + ", eventSource="
        + b.eventSourceName
        + "/"
        + b.eventName
        + ", sensor="
        + b.sensorName
        + ", template="
        + b.workflowTemplate
        + ", redis="
        + Redaction.redact(b.redisUri)
        + ", nats="
        + Redaction.redact(b.natsUri)
        + "]";
  }

  /**
   * Builds a {@link Pipeline}. Everything has the reference system's default except the source and
   * the workflow; {@link #build()} checks every setting and compiles the sensor.
   */
  public static final class Builder {
    private StacSource source;
    private WorkflowLauncher workflow;
    private BusMode busMode = BusMode.AUTO;
    private String redisUri = "redis://127.0.0.1:6379";
    private String natsUri = "nats://127.0.0.1:4222";
    private EventBusConfig bus = EventBusConfig.defaults();
    private String stream = ReferenceNames.STREAM;
    private String eventSourceName = ReferenceNames.EVENT_SOURCE;
    private String eventName = ReferenceNames.EVENT;
    private String sensorName = ReferenceNames.SENSOR;
    private String dependencyName = ReferenceNames.DEPENDENCY;
    private String triggerName = ReferenceNames.TRIGGER;
    private String workflowTemplate = ReferenceNames.DETECTION_TEMPLATE;
    private String generateName = ReferenceNames.DETECTION_TEMPLATE + "-";
    private String aoi = DEFAULT_AOI;
    private String epsg = ReferenceNames.EPSG;
    private String jq = DEFAULT_JQ;
    private Threshold threshold = Threshold.OTSU;
    private String resultCollection = ReferenceNames.RESULT_COLLECTION;
    private Optional<URI> resultsApi = Optional.empty();
    private String successStream = ReferenceNames.SUCCESS_STREAM;
    private String failureStream = ReferenceNames.FAILURE_STREAM;
    private Optional<String> namespace = Optional.empty();
    private String clusterRedisHost = ReferenceNames.REDIS_HOST;
    private int clusterRedisPort = ReferenceNames.REDIS_PORT;
    private Optional<Path> outDir = Optional.empty();
    private Optional<Instant> since = Optional.empty();
    private Duration pollInterval = Duration.ofSeconds(2);
    private Duration progressInterval = Duration.ofSeconds(10);
    private Duration drainTimeout = Duration.ofMinutes(5);
    private int parallelism = 2;
    private int maxAttempts = 5;
    private RetryPolicy backoff =
        RetryPolicy.builder()
            .maxAttempts(Integer.MAX_VALUE)
            .initialDelay(Duration.ofSeconds(1))
            .maxDelay(Duration.ofMinutes(1))
            .build();
    private RetryPolicy connectPolicy = RetryPolicy.builder().maxAttempts(3).build();

    private Builder() {}

    /** Where the items come from (required). */
    public Builder source(StacSource v) {
      this.source = Objects.requireNonNull(v, "source");
      return this;
    }

    /** Runs each triggered workflow (required). */
    public Builder workflow(WorkflowLauncher v) {
      this.workflow = Objects.requireNonNull(v, "workflow");
      return this;
    }

    /** Servers, in-memory, or servers when reachable (default {@link BusMode#AUTO}). */
    public Builder busMode(BusMode v) {
      this.busMode = Objects.requireNonNull(v, "busMode");
      return this;
    }

    /** The Redis URI (default {@code redis://127.0.0.1:6379}). */
    public Builder redisUri(String v) {
      this.redisUri = Objects.requireNonNull(v, "redisUri");
      return this;
    }

    /** The NATS URI (default {@code nats://127.0.0.1:4222}). */
    public Builder natsUri(String v) {
      this.natsUri = Objects.requireNonNull(v, "natsUri");
      return this;
    }

    /** The JetStream bus layout (default Argo's {@code default} stream and subjects). */
    public Builder bus(EventBusConfig v) {
      this.bus = Objects.requireNonNull(v, "bus");
      return this;
    }

    /** The Redis stream of item events (default {@code STREAM}). */
    public Builder stream(String v) {
      this.stream = Objects.requireNonNull(v, "stream");
      return this;
    }

    /** The event source and event names (default {@code redis-source} and {@code example}). */
    public Builder eventSource(String eventSourceName, String eventName) {
      this.eventSourceName = Objects.requireNonNull(eventSourceName, "eventSourceName");
      this.eventName = Objects.requireNonNull(eventName, "eventName");
      return this;
    }

    /** The sensor's name (default {@code water-bodies-sensor}). */
    public Builder sensorName(String v) {
      this.sensorName = Objects.requireNonNull(v, "sensorName");
      return this;
    }

    /** The sensor's dependency name (default {@code water-bodies}). */
    public Builder dependencyName(String v) {
      this.dependencyName = Objects.requireNonNull(v, "dependencyName");
      return this;
    }

    /** The sensor's trigger name (default {@code water-bodies-detection-trigger}). */
    public Builder triggerName(String v) {
      this.triggerName = Objects.requireNonNull(v, "triggerName");
      return this;
    }

    /** The WorkflowTemplate the workflow refers to (default {@code water-bodies-detection}). */
    public Builder workflowTemplate(String v) {
      this.workflowTemplate = Objects.requireNonNull(v, "workflowTemplate");
      return this;
    }

    /** The workflow name prefix (default {@code water-bodies-detection-}). */
    public Builder generateName(String v) {
      this.generateName = Objects.requireNonNull(v, "generateName");
      return this;
    }

    /** The area of interest {@code minx,miny,maxx,maxy} (default the reference AOI). */
    public Builder aoi(String v) {
      this.aoi = Objects.requireNonNull(v, "aoi");
      return this;
    }

    /** The CRS of the AOI (default {@code EPSG:4326}). */
    public Builder epsg(String v) {
      this.epsg = Objects.requireNonNull(v, "epsg");
      return this;
    }

    /** The jq transform of the event data (default {@code .values.href = [ .values.href ]}). */
    public Builder jq(String v) {
      this.jq = Objects.requireNonNull(v, "jq");
      return this;
    }

    /** The thresholding of the detection step (default {@link Threshold#OTSU}). */
    public Builder threshold(Threshold v) {
      this.threshold = Objects.requireNonNull(v, "threshold");
      return this;
    }

    /** The collection result Items are created in (default {@code water-bodies}). */
    public Builder resultCollection(String v) {
      this.resultCollection = Objects.requireNonNull(v, "resultCollection");
      return this;
    }

    /** The STAC API receiving result Items (default: the source API, embedded or not). */
    public Builder resultsApi(URI v) {
      this.resultsApi = Optional.of(v);
      return this;
    }

    /**
     * The Redis streams of completion events (default {@code WATERBODIES} and {@code
     * WATERBODIESFAILURE}).
     */
    public Builder completionStreams(String success, String failure) {
      this.successStream = Objects.requireNonNull(success, "success");
      this.failureStream = Objects.requireNonNull(failure, "failure");
      return this;
    }

    /**
     * Settings used only by {@link Pipeline#manifests()}: the namespace of every resource (blank:
     * none, the namespace they are applied to) and Redis as seen from inside the cluster (default
     * {@code redis-service:6379}).
     */
    public Builder cluster(String namespace, String redisHost, int redisPort) {
      Objects.requireNonNull(namespace, "namespace");
      this.namespace = namespace.isBlank() ? Optional.empty() : Optional.of(namespace);
      this.clusterRedisHost = Objects.requireNonNull(redisHost, "redisHost");
      this.clusterRedisPort = redisPort;
      return this;
    }

    /**
     * Where each workflow's outputs go (default: a new temporary directory). Accepted workflows are
     * journalled here before their event is acknowledged; a run started on the same directory
     * resumes those an earlier run did not finish, so set it for a pipeline that must survive a
     * restart.
     */
    public Builder outDir(Path v) {
      this.outDir = Optional.of(v);
      return this;
    }

    /** The earliest item datetime watched (default: 30 days before the run starts). */
    public Builder since(Instant v) {
      this.since = Optional.of(v);
      return this;
    }

    /** The pause between STAC searches (default 2 s). */
    public Builder pollInterval(Duration v) {
      this.pollInterval = Objects.requireNonNull(v, "pollInterval");
      return this;
    }

    /** How often progress is logged (default 10 s; zero: never). */
    public Builder progressInterval(Duration v) {
      this.progressInterval = Objects.requireNonNull(v, "progressInterval");
      return this;
    }

    /** How long closing a run waits for running workflows (default 5 min). */
    public Builder drainTimeout(Duration v) {
      this.drainTimeout = Objects.requireNonNull(v, "drainTimeout");
      return this;
    }

    /** Workflows run at once (default 2). */
    public Builder parallelism(int v) {
      this.parallelism = v;
      return this;
    }

    /** Trigger attempts before an event is given up (default 5). */
    public Builder maxAttempts(int v) {
      this.maxAttempts = v;
      return this;
    }

    /** Delays between trigger attempts and after failures (default 1 s doubling to 1 min). */
    public Builder backoff(RetryPolicy v) {
      this.backoff = Objects.requireNonNull(v, "backoff");
      return this;
    }

    /** Retries when connecting to Redis and NATS (default 3 attempts). */
    public Builder connectPolicy(RetryPolicy v) {
      this.connectPolicy = Objects.requireNonNull(v, "connectPolicy");
      return this;
    }

    /**
     * Checks every setting and compiles the sensor (filters, jq, parameter mapping).
     *
     * @throws PipelineException naming the setting that is missing or invalid
     * @throws SensorSpecException when the jq transform does not compile
     */
    public Pipeline build() {
      if (source == null) {
        throw new PipelineException(
            "the pipeline has no source: call source(StacSource.embedded(items)) or"
                + " source(StacSource.api(uri))");
      }
      if (workflow == null) {
        throw new PipelineException(
            "the pipeline has no workflow: call workflow(WorkflowLauncher) with the runtime that"
                + " executes '"
                + workflowTemplate
                + "'");
      }
      PipelineChecks.token("stream", stream);
      PipelineChecks.token("eventSource", eventSourceName);
      PipelineChecks.token("eventName", eventName);
      PipelineChecks.token("sensorName", sensorName);
      PipelineChecks.token("dependencyName", dependencyName);
      PipelineChecks.token("triggerName", triggerName);
      PipelineChecks.token("resultCollection", resultCollection);
      PipelineChecks.token("completion success stream", successStream);
      PipelineChecks.token("completion failure stream", failureStream);
      if (successStream.equals(failureStream)) {
        throw new PipelineException(
            "the success and failure completion streams must differ: both are " + successStream);
      }
      PipelineChecks.k8sName("workflowTemplate", workflowTemplate);
      namespace.ifPresent(n -> PipelineChecks.k8sName("cluster namespace", n));
      if (clusterRedisPort < 1 || clusterRedisPort > 65535 || clusterRedisHost.isBlank()) {
        throw new PipelineException(
            "cluster Redis '" + clusterRedisHost + ":" + clusterRedisPort + "' is not host:port");
      }
      PipelineChecks.generateName(generateName);
      PipelineChecks.aoi(aoi);
      PipelineChecks.epsg(epsg);
      if (parallelism < 1) {
        throw new PipelineException("parallelism must be at least 1, not " + parallelism);
      }
      if (maxAttempts < 1) {
        throw new PipelineException("maxAttempts must be at least 1, not " + maxAttempts);
      }
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new PipelineException("pollInterval must be positive, not " + pollInterval);
      }
      if (progressInterval.isNegative() || drainTimeout.isNegative()) {
        throw new PipelineException("progressInterval and drainTimeout must not be negative");
      }
      ReferenceSensor sensor =
          new ReferenceSensor(
              sensorName,
              dependencyName,
              eventSourceName,
              eventName,
              jq,
              triggerName,
              generateName,
              workflowTemplate,
              aoi,
              epsg);
      ObjectNode manifest = sensor.manifest();
      SensorSpec spec = sensor.compile(manifest);
      return new Pipeline(copy(), manifest, spec);
    }

    private Builder copy() {
      Builder c = new Builder();
      c.source = source;
      c.workflow = workflow;
      c.busMode = busMode;
      c.redisUri = redisUri;
      c.natsUri = natsUri;
      c.bus = bus;
      c.stream = stream;
      c.eventSourceName = eventSourceName;
      c.eventName = eventName;
      c.sensorName = sensorName;
      c.dependencyName = dependencyName;
      c.triggerName = triggerName;
      c.workflowTemplate = workflowTemplate;
      c.generateName = generateName;
      c.aoi = aoi;
      c.epsg = epsg;
      c.jq = jq;
      c.threshold = threshold;
      c.resultCollection = resultCollection;
      c.resultsApi = resultsApi;
      c.successStream = successStream;
      c.failureStream = failureStream;
      c.namespace = namespace;
      c.clusterRedisHost = clusterRedisHost;
      c.clusterRedisPort = clusterRedisPort;
      c.outDir = outDir;
      c.since = since;
      c.pollInterval = pollInterval;
      c.progressInterval = progressInterval;
      c.drainTimeout = drainTimeout;
      c.parallelism = parallelism;
      c.maxAttempts = maxAttempts;
      c.backoff = backoff;
      c.connectPolicy = connectPolicy;
      return c;
    }
  }
}
