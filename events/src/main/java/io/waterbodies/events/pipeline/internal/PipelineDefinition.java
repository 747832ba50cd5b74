package io.waterbodies.events.pipeline.internal;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.events.pipeline.Threshold;
import io.waterbodies.events.pipeline.WorkflowLauncher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A checked pipeline definition, immutable: what {@link io.waterbodies.events.pipeline.Pipeline}
 * holds once built, and what the manifests, the cluster sensor and the embedded run are made from.
 *
 * @param source the STAC source
 * @param workflow the workflow runtime
 * @param busMode the requested bus mode
 * @param redis how Redis is reached (a URI, or the host's client)
 * @param nats how NATS is reached (a URI or options, or the host's connection)
 * @param bus the JetStream bus layout
 * @param stream the Redis stream of item events
 * @param eventSourceName the event source name
 * @param eventName the event name
 * @param sensorName the sensor name
 * @param dependencyName the sensor's dependency name
 * @param triggerName the trigger name
 * @param workflowTemplate the WorkflowTemplate the workflow refers to
 * @param generateName the workflow name prefix
 * @param aoi the area of interest
 * @param epsg its CRS
 * @param jq the jq transform of the event data
 * @param threshold the detection thresholding
 * @param resultCollection the result collection
 * @param resultsApi the results API (default: the source API)
 * @param successStream the success completion stream
 * @param failureStream the failure completion stream
 * @param namespace the cluster namespace of the manifests (none: the one applied to)
 * @param clusterRedisHost Redis's host as the cluster sees it
 * @param clusterRedisPort Redis's port as the cluster sees it
 * @param outDir the output directory (default: a temporary one)
 * @param since the earliest datetime watched (default: 30 days before the run starts)
 * @param pollInterval the pause between STAC searches
 * @param progressInterval the progress log interval (zero: none)
 * @param drainTimeout how long closing a run waits for workflows
 * @param parallelism workflows at once
 * @param maxAttempts trigger attempts before an event is given up
 * @param backoff delays between trigger attempts and after failures
 * @param connectPolicy retries when connecting to Redis and NATS
 */
public record PipelineDefinition(
    StacSource source,
    WorkflowLauncher workflow,
    BusMode busMode,
    RedisAccess redis,
    NatsAccess nats,
    EventBusConfig bus,
    String stream,
    String eventSourceName,
    String eventName,
    String sensorName,
    String dependencyName,
    String triggerName,
    String workflowTemplate,
    String generateName,
    String aoi,
    String epsg,
    String jq,
    Threshold threshold,
    String resultCollection,
    Optional<URI> resultsApi,
    String successStream,
    String failureStream,
    Optional<String> namespace,
    String clusterRedisHost,
    int clusterRedisPort,
    Optional<Path> outDir,
    Optional<Instant> since,
    Duration pollInterval,
    Duration progressInterval,
    Duration drainTimeout,
    int parallelism,
    int maxAttempts,
    RetryPolicy backoff,
    RetryPolicy connectPolicy) {}
