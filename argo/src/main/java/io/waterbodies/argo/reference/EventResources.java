package io.waterbodies.argo.reference;

import io.waterbodies.argo.model.EventBus;
import io.waterbodies.argo.model.EventSource;
import io.waterbodies.argo.model.RedisStreamSource;
import io.waterbodies.argo.model.Sensor;
import io.waterbodies.argo.model.SensorDependency;
import io.waterbodies.argo.model.SensorTrigger;
import io.waterbodies.argo.model.TriggerParameter;
import io.waterbodies.argo.model.Workflow;

/**
 * The pipeline's Argo Events resources: the EventBus, the EventSource reading the Redis stream and
 * the Sensor that creates a detection Workflow per event.
 */
final class EventResources {
  private EventResources() {}

  static EventBus eventBus(PipelineSettings s) {
    return s.inNamespace(EventBus.builder().name(s.eventBusName)).jetstream("latest", 3).build();
  }

  static EventSource eventSource(PipelineSettings s) {
    RedisStreamSource src = RedisStreamSource.of(s.redisHost + ":" + s.redisPort, s.stream);
    if (s.consumerGroup.isPresent()) {
      src = src.withConsumerGroup(s.consumerGroup.get());
    }
    return s.inNamespace(EventSource.builder().name(s.eventSourceName))
        .eventBusName(s.eventBusName)
        .redisStream(s.eventName(), src)
        .build();
  }

  static Sensor sensor(PipelineSettings s) {
    Workflow.Builder wf =
        Workflow.builder()
            .generateName(s.generateName.orElse(s.detectionTemplateName + "-"))
            .workflowTemplateRef(s.detectionTemplateName)
            .argument("items", "")
            .argument("aoi", s.aoi)
            .argument("epsg", s.epsg);
    s.namespace.ifPresent(wf::namespace);
    SensorDependency.Builder dep =
        SensorDependency.builder(s.dependencyName, s.eventSourceName, s.eventName());
    if (!s.jq.isBlank()) {
      dep.transformJq(s.jq);
    }
    return s.inNamespace(Sensor.builder().name(s.sensorName))
        .eventBusName(s.eventBusName)
        .serviceAccountName(s.sensorAccount)
        .dependency(dep.build())
        .trigger(
            SensorTrigger.k8s(s.triggerName, "create", wf.build())
                .parameter(
                    TriggerParameter.fromData(
                        s.dependencyName, "values.href", "spec.arguments.parameters.0.value"))
                .retryStrategy(3, "10s", 2)
                .atLeastOnce(true)
                .build())
        .build();
  }
}
