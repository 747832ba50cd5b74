package io.waterbodies.events.pipeline.internal;

import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.argo.reference.ReferencePipeline;
import io.waterbodies.events.k8s.KubernetesTriggerFactory;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;

/**
 * A pipeline definition as a cluster runs it: the reference Argo resources with the pipeline's
 * names, and the sensor whose {@code k8s} trigger creates the Workflows on Kubernetes.
 */
public final class ClusterDeployment {
  private ClusterDeployment() {}

  /** The reference deployment with the definition's names, streams, AOI and results. */
  public static ReferencePipeline reference(PipelineDefinition d) {
    ReferencePipeline.Builder r =
        ReferencePipeline.builder().redis(d.clusterRedisHost(), d.clusterRedisPort()).stream(
                d.stream())
            .eventBusName(d.bus().streamName())
            .eventSourceName(d.eventSourceName())
            .eventName(d.eventName())
            .sensorName(d.sensorName())
            .dependencyName(d.dependencyName())
            .triggerName(d.triggerName())
            .detectionTemplateName(d.workflowTemplate())
            .generateName(d.generateName())
            .aoi(d.aoi())
            .epsg(d.epsg())
            .jq(d.jq())
            .resultStreams(d.successStream(), d.failureStream())
            .results(ReferencePipeline.DEFAULT_RESULTS_API, d.resultCollection());
    d.resultsApi().ifPresent(u -> r.results(u.toString(), d.resultCollection()));
    d.namespace().ifPresent(r::namespace);
    return r.build();
  }

  /**
   * A sensor builder for the definition's bus and NATS access whose triggers create resources
   * through {@code k8s}, in the definition's namespace when it names one.
   */
  public static Sensor.Builder sensor(PipelineDefinition d, SensorSpec spec, ArgoKubernetes k8s) {
    KubernetesTriggerFactory triggers = KubernetesTriggerFactory.of(k8s);
    return ServerEndpoints.nats(Sensor.builder().spec(spec), d.nats())
        .bus(d.bus())
        .maxAttempts(d.maxAttempts())
        .backoff(d.backoff())
        .connectPolicy(d.connectPolicy())
        .triggerFactory(d.namespace().map(triggers::namespace).orElse(triggers));
  }
}
