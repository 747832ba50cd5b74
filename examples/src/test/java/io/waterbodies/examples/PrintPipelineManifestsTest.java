package io.waterbodies.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.events.pipeline.Pipeline;
import io.waterbodies.events.pipeline.PipelineManifests;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PrintPipelineManifests}: the example's pipeline renders to valid Argo resources. */
class PrintPipelineManifestsTest {
  @Test
  void manifestsAreValidAndCarryTheDefinition() {
    Pipeline p = PrintPipelineManifests.pipeline();
    PipelineManifests m = p.manifests();
    Path schemas =
        Path.of(System.getProperty("waterbodies.shared", "../../shared"), "schemas", "argo");
    assertThat(PrintPipelineManifests.validate(m, schemas)).isEmpty();
    assertThat(m.resources())
        .extracting(ArgoResource::kind)
        .contains("EventBus", "EventSource", "Sensor", "WorkflowTemplate");
    String yaml = m.toYaml();
    assertThat(yaml).contains("13.4,52.2,13.8,52.5").contains("namespace: water-bodies");
    assertThat(yaml).contains("redis-service:6379");
    assertThat(List.of(yaml.split("\n---"))).hasSizeGreaterThanOrEqualTo(5);
  }
}
