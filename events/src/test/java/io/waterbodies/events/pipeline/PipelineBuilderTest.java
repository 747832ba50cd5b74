package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.TriggerSpec;
import java.net.URI;
import org.junit.jupiter.api.Test;

class PipelineBuilderTest {
  static final WorkflowLauncher NOTHING = r -> WorkflowResult.failed("unused", java.util.List.of());

  static Pipeline.Builder minimal() {
    return Pipeline.builder()
        .source(StacSource.api(URI.create("http://127.0.0.1:1/")))
        .workflow(NOTHING);
  }

  @Test
  void defaultsAreTheReferenceSystem() {
    Pipeline p = minimal().build();
    ObjectNode expected =
        (ObjectNode)
            Json.parse(
                """
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Sensor",
                 "metadata":{"name":"water-bodies-sensor"},
                 "spec":{"dependencies":[{"name":"water-bodies","eventSourceName":"redis-source",
                   "eventName":"example","transform":{"jq":".values.href = [ .values.href ]"}}],
                  "triggers":[{"template":{"name":"water-bodies-detection-trigger","k8s":{
                    "operation":"create","source":{"resource":{
                      "apiVersion":"argoproj.io/v1alpha1","kind":"Workflow",
                      "metadata":{"generateName":"water-bodies-detection-"},
                      "spec":{"workflowTemplateRef":{"name":"water-bodies-detection"},
                        "arguments":{"parameters":[{"name":"items"},
                          {"name":"aoi","value":"-121.399,39.834,-120.74,40.472"},
                          {"name":"epsg","value":"EPSG:4326"}]}}}},
                    "parameters":[{"src":{"dependencyName":"water-bodies","dataKey":"values.href"},
                      "dest":"spec.arguments.parameters.0.value"}]}}}]}}
                """,
                "expected");
    assertThat(p.sensorManifest()).isEqualTo(expected);
    assertThat(p.stream()).isEqualTo("STREAM");
    assertThat(p.resultCollection()).isEqualTo("water-bodies");
    assertThat(p.busMode()).isEqualTo(BusMode.AUTO);
    SensorSpec spec = p.sensorSpec();
    assertThat(spec.name()).isEqualTo("water-bodies-sensor");
    assertThat(spec.dependencies().get(0).jq()).contains(".values.href = [ .values.href ]");
    TriggerSpec t = spec.triggers().get(0);
    assertThat(t.kind()).isEqualTo("k8s");
    assertThat(t.dependencies()).containsExactly("water-bodies");
  }

  @Test
  void settingsChangeTheManifest() {
    Pipeline p =
        minimal()
            .aoi("10,20,11,21")
            .epsg("EPSG:32633")
            .eventSource("stac", "new-item")
            .workflowTemplate("my-template")
            .generateName("my-run-")
            .sensorName("s1")
            .build();
    ObjectNode m = p.sensorManifest();
    assertThat(m.at("/metadata/name").asText()).isEqualTo("s1");
    assertThat(m.at("/spec/dependencies/0/eventSourceName").asText()).isEqualTo("stac");
    assertThat(m.at("/spec/dependencies/0/eventName").asText()).isEqualTo("new-item");
    String wf = "/spec/triggers/0/template/k8s/source/resource";
    assertThat(m.at(wf + "/metadata/generateName").asText()).isEqualTo("my-run-");
    assertThat(m.at(wf + "/spec/workflowTemplateRef/name").asText()).isEqualTo("my-template");
    assertThat(m.at(wf + "/spec/arguments/parameters/1/value").asText()).isEqualTo("10,20,11,21");
    assertThat(m.at(wf + "/spec/arguments/parameters/2/value").asText()).isEqualTo("EPSG:32633");
    // The manifest handed out is a copy.
    m.put("kind", "changed");
    assertThat(p.sensorManifest().path("kind").asText()).isEqualTo("Sensor");
  }

  @Test
  void sourceAndWorkflowAreRequired() {
    assertThatThrownBy(() -> Pipeline.builder().workflow(NOTHING).build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("no source");
    assertThatThrownBy(
            () -> Pipeline.builder().source(StacSource.api(URI.create("http://x/"))).build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("no workflow")
        .hasMessageContaining("water-bodies-detection");
  }

  @Test
  void invalidSettingsAreRejectedAtBuildTime() {
    assertThatThrownBy(() -> minimal().aoi("1,2,3").build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("aoi");
    assertThatThrownBy(() -> minimal().aoi("a,b,c,d").build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("'a' is not a number");
    assertThatThrownBy(() -> minimal().epsg("4326").build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("epsg '4326'");
    assertThatThrownBy(() -> minimal().stream("my stream").build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("stream 'my stream'");
    assertThatThrownBy(() -> minimal().generateName("Water_").build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("generateName");
    assertThatThrownBy(() -> minimal().workflowTemplate("Bad Name").build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("workflowTemplate");
    assertThatThrownBy(() -> minimal().parallelism(0).build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("parallelism");
    assertThatThrownBy(() -> minimal().completionStreams("A", "A").build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("must differ");
  }

  @Test
  void anInvalidJqProgramFailsAtBuildTimeWithItsPointer() {
    assertThatThrownBy(() -> minimal().jq(".values.href = [").build())
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("/spec/dependencies/0/transform/jq");
  }

  @Test
  void anEmbeddedSourceNeedsCollections() {
    assertThatThrownBy(
            () ->
                StacSource.embedded(
                    java.util.List.of(io.waterbodies.stac.model.Item.builder("x").build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 'x' names no collection");
  }
}
