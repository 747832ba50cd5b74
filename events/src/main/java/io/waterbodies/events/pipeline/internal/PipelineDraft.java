package io.waterbodies.events.pipeline.internal;

import io.waterbodies.argo.reference.ReferenceNames;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.pipeline.PipelineException;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.events.pipeline.Threshold;
import io.waterbodies.events.pipeline.WorkflowLauncher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The settings {@link io.waterbodies.events.pipeline.Pipeline.Builder} collects, starting from the
 * reference deployment's values; {@link #definition()} checks them all and freezes them. Kept apart
 * from the builder so that the public builder is only its setters and their documentation.
 */
public final class PipelineDraft {
  // Fields are set by the builder in the same package tree; each setter checks for null.
  public StacSource source;
  public WorkflowLauncher workflow;
  public BusMode busMode = BusMode.AUTO;
  public RedisAccess redis = RedisAccess.uri("redis://127.0.0.1:6379");
  public NatsAccess nats = NatsAccess.uri("nats://127.0.0.1:4222");
  public EventBusConfig bus = EventBusConfig.defaults();
  public String stream = ReferenceNames.STREAM;
  public String eventSourceName = ReferenceNames.EVENT_SOURCE;
  public String eventName = ReferenceNames.EVENT;
  public String sensorName = ReferenceNames.SENSOR;
  public String dependencyName = ReferenceNames.DEPENDENCY;
  public String triggerName = ReferenceNames.TRIGGER;
  public String workflowTemplate = ReferenceNames.DETECTION_TEMPLATE;
  public String generateName = ReferenceNames.DETECTION_TEMPLATE + "-";
  public String aoi = ReferenceNames.AOI;
  public String epsg = ReferenceNames.EPSG;
  public String jq = ReferenceNames.JQ;
  public Threshold threshold = Threshold.OTSU;
  public String resultCollection = ReferenceNames.RESULT_COLLECTION;
  public Optional<URI> resultsApi = Optional.empty();
  public String successStream = ReferenceNames.SUCCESS_STREAM;
  public String failureStream = ReferenceNames.FAILURE_STREAM;
  public Optional<String> namespace = Optional.empty();
  public String clusterRedisHost = ReferenceNames.REDIS_HOST;
  public int clusterRedisPort = ReferenceNames.REDIS_PORT;
  public Optional<Path> outDir = Optional.empty();
  public Optional<Instant> since = Optional.empty();
  public Duration pollInterval = Duration.ofSeconds(2);
  public Duration progressInterval = Duration.ofSeconds(10);
  public Duration drainTimeout = Duration.ofMinutes(5);
  public int parallelism = 2;
  public int maxAttempts = 5;
  public RetryPolicy backoff =
      RetryPolicy.builder()
          .maxAttempts(Integer.MAX_VALUE)
          .initialDelay(Duration.ofSeconds(1))
          .maxDelay(Duration.ofMinutes(1))
          .build();
  public RetryPolicy connectPolicy = RetryPolicy.builder().maxAttempts(3).build();

  /**
   * Checks every setting and returns them frozen.
   *
   * @throws PipelineException naming the setting that is missing or invalid
   */
  public PipelineDefinition definition() {
    check();
    return new PipelineDefinition(
        source,
        workflow,
        busMode,
        redis,
        nats,
        bus,
        stream,
        eventSourceName,
        eventName,
        sensorName,
        dependencyName,
        triggerName,
        workflowTemplate,
        generateName,
        aoi,
        epsg,
        jq,
        threshold,
        resultCollection,
        resultsApi,
        successStream,
        failureStream,
        namespace,
        clusterRedisHost,
        clusterRedisPort,
        outDir,
        since,
        pollInterval,
        progressInterval,
        drainTimeout,
        parallelism,
        maxAttempts,
        backoff,
        connectPolicy);
  }

  private void check() {
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
  }
}
