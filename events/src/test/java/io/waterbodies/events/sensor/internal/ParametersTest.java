package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.TriggerException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {
  static CompiledTrigger trigger(String params) {
    String yaml =
        "kind: Sensor\nmetadata: {name: s}\nspec:\n"
            + "  dependencies:\n  - {name: d, eventSourceName: redis-source, eventName: example}\n"
            + "  triggers:\n  - template:\n      name: t\n      k8s:\n        operation: create\n"
            + "        source:\n          resource:\n            apiVersion: argoproj.io/v1alpha1\n"
            + "            kind: Workflow\n            metadata: {generateName: water-bodies-detection-}\n"
            + "            spec:\n              workflowTemplateRef: {name: water-bodies-detection}\n"
            + "              arguments:\n                parameters:\n"
            + "                - {name: items, value: ''}\n                - {name: aoi, value: 'x'}\n"
            + "        parameters:\n"
            + params.indent(8);
    SensorSpec s = SensorSpec.parse(yaml, "sensor.yaml");
    return CompiledTrigger.compile(
        s.triggers().get(0), "sensor.yaml", "/spec/triggers/0/template/k8s/parameters");
  }

  static ObjectNode resolve(String params) {
    Envelope e = FiltersTest.event();
    return trigger(params).resolve(Map.of("d", e));
  }

  @Test
  void dataKeyContextKeyTemplateAndDefaults() {
    ObjectNode r =
        resolve(
            "- {src: {dependencyName: d, dataKey: values.href}, dest: spec.arguments.parameters.0.value}\n"
                + "- {src: {dependencyName: d, contextKey: source}, dest: metadata.labels.source}\n"
                + "- {src: {dependencyName: d, dataTemplate: 'col={{ .Input.values.collection }}'}, dest: spec.note}\n"
                + "- {src: {dependencyName: d, dataKey: values.missing, value: fallback}, dest: spec.other}\n"
                + "- {src: {dependencyName: d, dataKey: list}, dest: spec.asText}\n"
                + "- {src: {dependencyName: d, dataKey: list, useRawData: true}, dest: spec.asJson}\n"
                + "- {src: {dependencyName: d, dataKey: n}, dest: spec.number}\n"
                + "- {src: {dependencyName: d, value: '-suffix'}, dest: spec.arguments.parameters.1.value, operation: append}\n"
                + "- {src: {dependencyName: d, value: 'pre-'}, dest: spec.arguments.parameters.1.value, operation: prepend}\n");
    assertThat(r.at("/spec/arguments/parameters/0/value").asText())
        .isEqualTo("https://s/items/S2A_1");
    assertThat(r.at("/metadata/labels/source").asText()).isEqualTo("redis-source");
    assertThat(r.at("/spec/note").asText()).isEqualTo("col=sentinel-2-l2a");
    assertThat(r.at("/spec/other").asText()).isEqualTo("fallback");
    assertThat(r.at("/spec/asText").isTextual()).isTrue();
    assertThat(r.at("/spec/asText").asText()).isEqualTo("[{\"id\":\"x\"},{\"id\":\"y\"}]");
    assertThat(r.at("/spec/asJson").isArray()).isTrue();
    assertThat(r.at("/spec/number").asText()).isEqualTo("42");
    assertThat(r.at("/spec/arguments/parameters/1/value").asText()).isEqualTo("pre-x-suffix");
    assertThat(r.at("/spec/workflowTemplateRef/name").asText()).isEqualTo("water-bodies-detection");
  }

  @Test
  void aMissingKeyWithoutDefaultFailsLoudly() {
    assertThatThrownBy(
            () -> resolve("- {src: {dependencyName: d, dataKey: values.nope}, dest: spec.x}\n"))
        .isInstanceOf(TriggerException.class)
        .hasMessageContaining("values.nope")
        .hasMessageContaining("no default value")
        .satisfies(e -> assertThat(((TriggerException) e).isPermanent()).isTrue());
    assertThatThrownBy(
            () ->
                resolve(
                    "- {src: {dependencyName: d, dataTemplate: '{{ .Input.nope }}'}, dest: spec.x}\n"))
        .isInstanceOf(TriggerException.class);
  }

  @Test
  void invalidMappingsAreRejectedWhenBuilt() {
    assertThatThrownBy(() -> trigger("- {src: {dependencyName: other, dataKey: a}, dest: x}\n"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("unknown dependency 'other'");
    assertThatThrownBy(
            () ->
                trigger(
                    "- {src: {dependencyName: d, dataTemplate: '{{ .Input.a | nosuchfunction }}'}, dest: x}\n"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("/spec/triggers/0/template/k8s/parameters/0/src/dataTemplate");
    assertThatThrownBy(() -> trigger("- {src: {dependencyName: d, dataKey: 'a..b'}, dest: x}\n"))
        .isInstanceOf(SensorSpecException.class);
  }
}
