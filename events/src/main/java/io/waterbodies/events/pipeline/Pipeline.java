package io.waterbodies.events.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.argo.reference.Bundle;
import io.waterbodies.argo.reference.ReferenceNames;
import io.waterbodies.argo.reference.ReferencePipeline;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.pipeline.internal.ClusterDeployment;
import io.waterbodies.events.pipeline.internal.EmbeddedRun;
import io.waterbodies.events.pipeline.internal.PipelineDefinition;
import io.waterbodies.events.pipeline.internal.PipelineDraft;
import io.waterbodies.events.pipeline.internal.ReferenceSensor;
import io.waterbodies.events.sensor.Sensor;
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

  private final PipelineDefinition d;
  private final ObjectNode sensorManifest;
  private final SensorSpec sensorSpec;

  private Pipeline(PipelineDefinition d, ObjectNode sensorManifest, SensorSpec sensorSpec) {
    this.d = d;
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
    return d.source();
  }

  /** The requested bus mode. */
  public BusMode busMode() {
    return d.busMode();
  }

  /** The event bus layout (stream name and subject prefix). */
  public EventBusConfig bus() {
    return d.bus();
  }

  /** The Redis stream the watcher writes. */
  public String stream() {
    return d.stream();
  }

  /** The trigger's name in the sensor. */
  public String triggerName() {
    return d.triggerName();
  }

  /** The collection result Items are created in. */
  public String resultCollection() {
    return d.resultCollection();
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
    return new PipelineManifests(ClusterDeployment.reference(d).resources());
  }

  /**
   * The whole deployment of {@link #manifests()}'s resources, in apply order, with the service
   * accounts and RBAC, the STAC watcher Deployment, our CWL application and the cluster's
   * prerequisites (see {@link ReferencePipeline#bundle()}); result Items go to {@link
   * #resultCollection()}.
   */
  public Bundle bundle() {
    return ClusterDeployment.reference(d).bundle();
  }

  /**
   * Cluster mode: a sensor for this pipeline's bus and sensor definition whose {@code k8s} trigger
   * creates the Workflows on Kubernetes through {@code k8s} (exactly once per event), instead of
   * running them in this JVM. It reaches NATS as the pipeline does (a host's connection stays the
   * host's). The builder is ready to {@code build().start()}; adjust it first if needed. The
   * namespace is the one given to {@link Builder#cluster}, else {@code k8s}'s.
   */
  public Sensor.Builder clusterSensor(ArgoKubernetes k8s) {
    return ClusterDeployment.sensor(d, sensorSpec, k8s);
  }

  /**
   * Runs the whole pipeline in this JVM until the returned run is closed: starts the embedded STAC
   * API server (for an embedded source), connects to Redis and NATS (the host's client and
   * connection when given, which the run never closes) or falls back to the in-memory bus, and
   * starts watcher, event source, sensor and the workflow pool.
   *
   * @throws PipelineException when the STAC API cannot be reached or set up
   * @throws io.waterbodies.events.EventsException when {@link BusMode#SERVERS} was asked for and
   *     Redis or NATS cannot be used
   */
  public PipelineRun runEmbedded() {
    return EmbeddedRun.start(d, sensorSpec);
  }

  @Override
  public String toString() {
    return "Pipeline[source="
        + d.source()
        + ", stream="
        + d.stream()
        + ", eventSource="
        + d.eventSourceName()
        + "/"
        + d.eventName()
        + ", sensor="
        + d.sensorName()
        + ", template="
        + d.workflowTemplate()
        + ", redis="
        + d.redis().describe()
        + ", nats="
        + d.nats().describe()
        + "]";
  }

  /**
   * Builds a {@link Pipeline}. Everything has the reference system's default except the source and
   * the workflow; {@link #build()} checks every setting and compiles the sensor.
   */
  public static final class Builder {
    private final PipelineDraft d = new PipelineDraft();

    private Builder() {}

    /** Where the items come from (required). */
    public Builder source(StacSource v) {
      d.source = Objects.requireNonNull(v, "source");
      return this;
    }

    /** Runs each triggered workflow (required). */
    public Builder workflow(WorkflowLauncher v) {
      d.workflow = Objects.requireNonNull(v, "workflow");
      return this;
    }

    /** Servers, in-memory, or servers when reachable (default {@link BusMode#AUTO}). */
    public Builder busMode(BusMode v) {
      d.busMode = Objects.requireNonNull(v, "busMode");
      return this;
    }

    /**
     * The Redis URI (default {@code redis://127.0.0.1:6379}); the run creates its own client.
     *
     * @throws io.waterbodies.events.EventsException when it is not a Redis URI
     */
    public Builder redisUri(String v) {
      d.redis = RedisAccess.uri(Objects.requireNonNull(v, "redisUri"));
      return this;
    }

    /**
     * How Redis is reached: {@link RedisAccess#uri(io.lettuce.core.RedisURI)} for TLS, an ACL user
     * or Sentinel with a client the run creates and shuts down, or {@link
     * RedisAccess#client(io.lettuce.core.RedisClient, io.lettuce.core.RedisURI)} for the host's
     * Lettuce client, from which the watcher, the event source and the completion sink open their
     * connections; the run closes those connections and never shuts the host's client down.
     */
    public Builder redis(RedisAccess v) {
      d.redis = Objects.requireNonNull(v, "redis");
      return this;
    }

    /** The NATS URI (default {@code nats://127.0.0.1:4222}); the run opens its own connections. */
    public Builder natsUri(String v) {
      d.nats = NatsAccess.uri(Objects.requireNonNull(v, "natsUri"));
      return this;
    }

    /**
     * How NATS is reached: {@link NatsAccess#options(io.nats.client.Options)} (credentials, TLS,
     * NKeys; the run opens and closes its connections) or {@link
     * NatsAccess#connection(io.nats.client.Connection)}, the host's open connection, which the
     * sensor and the event source share and the run never closes.
     */
    public Builder nats(NatsAccess v) {
      d.nats = Objects.requireNonNull(v, "nats");
      return this;
    }

    /** The JetStream bus layout (default Argo's {@code default} stream and subjects). */
    public Builder bus(EventBusConfig v) {
      d.bus = Objects.requireNonNull(v, "bus");
      return this;
    }

    /** The Redis stream of item events (default {@code STREAM}). */
    public Builder stream(String v) {
      d.stream = Objects.requireNonNull(v, "stream");
      return this;
    }

    /** The event source and event names (default {@code redis-source} and {@code example}). */
    public Builder eventSource(String eventSourceName, String eventName) {
      d.eventSourceName = Objects.requireNonNull(eventSourceName, "eventSourceName");
      d.eventName = Objects.requireNonNull(eventName, "eventName");
      return this;
    }

    /** The sensor's name (default {@code water-bodies-sensor}). */
    public Builder sensorName(String v) {
      d.sensorName = Objects.requireNonNull(v, "sensorName");
      return this;
    }

    /** The sensor's dependency name (default {@code water-bodies}). */
    public Builder dependencyName(String v) {
      d.dependencyName = Objects.requireNonNull(v, "dependencyName");
      return this;
    }

    /** The sensor's trigger name (default {@code water-bodies-detection-trigger}). */
    public Builder triggerName(String v) {
      d.triggerName = Objects.requireNonNull(v, "triggerName");
      return this;
    }

    /** The WorkflowTemplate the workflow refers to (default {@code water-bodies-detection}). */
    public Builder workflowTemplate(String v) {
      d.workflowTemplate = Objects.requireNonNull(v, "workflowTemplate");
      return this;
    }

    /** The workflow name prefix (default {@code water-bodies-detection-}). */
    public Builder generateName(String v) {
      d.generateName = Objects.requireNonNull(v, "generateName");
      return this;
    }

    /** The area of interest {@code minx,miny,maxx,maxy} (default the reference AOI). */
    public Builder aoi(String v) {
      d.aoi = Objects.requireNonNull(v, "aoi");
      return this;
    }

    /** The CRS of the AOI (default {@code EPSG:4326}). */
    public Builder epsg(String v) {
      d.epsg = Objects.requireNonNull(v, "epsg");
      return this;
    }

    /** The jq transform of the event data (default {@code .values.href = [ .values.href ]}). */
    public Builder jq(String v) {
      d.jq = Objects.requireNonNull(v, "jq");
      return this;
    }

    /** The thresholding of the detection step (default {@link Threshold#OTSU}). */
    public Builder threshold(Threshold v) {
      d.threshold = Objects.requireNonNull(v, "threshold");
      return this;
    }

    /** The collection result Items are created in (default {@code water-bodies}). */
    public Builder resultCollection(String v) {
      d.resultCollection = Objects.requireNonNull(v, "resultCollection");
      return this;
    }

    /** The STAC API receiving result Items (default: the source API, embedded or not). */
    public Builder resultsApi(URI v) {
      d.resultsApi = Optional.of(v);
      return this;
    }

    /**
     * The Redis streams of completion events (default {@code WATERBODIES} and {@code
     * WATERBODIESFAILURE}).
     */
    public Builder completionStreams(String success, String failure) {
      d.successStream = Objects.requireNonNull(success, "success");
      d.failureStream = Objects.requireNonNull(failure, "failure");
      return this;
    }

    /**
     * Settings used only by {@link Pipeline#manifests()}: the namespace of every resource (blank:
     * none, the namespace they are applied to) and Redis as seen from inside the cluster (default
     * {@code redis-service:6379}).
     */
    public Builder cluster(String namespace, String redisHost, int redisPort) {
      Objects.requireNonNull(namespace, "namespace");
      d.namespace = namespace.isBlank() ? Optional.empty() : Optional.of(namespace);
      d.clusterRedisHost = Objects.requireNonNull(redisHost, "redisHost");
      d.clusterRedisPort = redisPort;
      return this;
    }

    /**
     * Where each workflow's outputs go (default: a new temporary directory). Accepted workflows are
     * journalled here before their event is acknowledged; a run started on the same directory
     * resumes those an earlier run did not finish, so set it for a pipeline that must survive a
     * restart.
     */
    public Builder outDir(Path v) {
      d.outDir = Optional.of(v);
      return this;
    }

    /** The earliest item datetime watched (default: 30 days before the run starts). */
    public Builder since(Instant v) {
      d.since = Optional.of(v);
      return this;
    }

    /** The pause between STAC searches (default 2 s). */
    public Builder pollInterval(Duration v) {
      d.pollInterval = Objects.requireNonNull(v, "pollInterval");
      return this;
    }

    /** How often progress is logged (default 10 s; zero: never). */
    public Builder progressInterval(Duration v) {
      d.progressInterval = Objects.requireNonNull(v, "progressInterval");
      return this;
    }

    /** How long closing a run waits for running workflows (default 5 min). */
    public Builder drainTimeout(Duration v) {
      d.drainTimeout = Objects.requireNonNull(v, "drainTimeout");
      return this;
    }

    /** Workflows run at once (default 2). */
    public Builder parallelism(int v) {
      d.parallelism = v;
      return this;
    }

    /** Trigger attempts before an event is given up (default 5). */
    public Builder maxAttempts(int v) {
      d.maxAttempts = v;
      return this;
    }

    /** Delays between trigger attempts and after failures (default 1 s doubling to 1 min). */
    public Builder backoff(RetryPolicy v) {
      d.backoff = Objects.requireNonNull(v, "backoff");
      return this;
    }

    /** Retries when connecting to Redis and NATS (default 3 attempts). */
    public Builder connectPolicy(RetryPolicy v) {
      d.connectPolicy = Objects.requireNonNull(v, "connectPolicy");
      return this;
    }

    /**
     * Checks every setting and compiles the sensor (filters, jq, parameter mapping).
     *
     * @throws PipelineException naming the setting that is missing or invalid
     * @throws SensorSpecException when the jq transform does not compile
     */
    public Pipeline build() {
      PipelineDefinition def = d.definition();
      ReferenceSensor sensor = ReferenceSensor.of(def);
      ObjectNode manifest = sensor.manifest();
      return new Pipeline(def, manifest, sensor.compile(manifest));
    }
  }
}
