package io.waterbodies.events.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Sensor of Argo Events' own examples compiles ({@code --check}), except those the shared
 * README lists as wrong, which fail for the reason it gives.
 */
class UpstreamSensorsTest {
  static final Path SENSORS =
      Path.of(System.getProperty("waterbodies.shared", "../../shared"))
          .resolve("examples/argo-upstream/events/sensors");

  /** The README table: file to the words the problem must mention. */
  static final Map<String, List<String>> WRONG =
      Map.of(
          "trigger-openwhisk.yaml", List.of("openwhisk", "openWhisk"),
          "url-sensor.yaml", List.of("verifycert", "verifyCert"),
          "trigger-with-atleast-once-semantics.yaml", List.of("atLeastOnce", "trigger"),
          "trigger-with-policy.yaml", List.of("policy", "trigger"),
          "multi-dependencies.yaml", List.of("message1"));

  static Stream<Path> sensors() throws IOException {
    assertThat(SENSORS).as("shared test data").isDirectory();
    return Files.list(SENSORS).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("sensors")
  void compilesAsArgoDoes(Path file) {
    SensorCheck check = SensorCheck.of(file, t -> t.kind().equals("log"));
    List<String> reasons = WRONG.get(file.getFileName().toString());
    if (reasons == null) {
      assertThat(check.problems()).as(String.join("\n", check.lines())).isEmpty();
      assertThat(check.triggers()).isNotEmpty();
    } else {
      assertThat(check.ok()).as(file + " must fail").isFalse();
      String text = String.join("\n", check.lines());
      for (String r : reasons) {
        assertThat(text).contains(r);
      }
      assertThat(text).contains(file.toString() + "#/spec/");
    }
  }

  @Test
  void everyProblemIsReportedWithItsPointer(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: bad}
        spec:
          dependencies:
            - name: d
              eventSourceName: w
              eventName: e
              filters:
                data: [{path: a, type: string, value: ['(']}]
            - {name: e, eventSourceName: w, eventName: e, filters: {exprs: [{expr: 'x ==', fields: [{name: x, path: a}]}]}}
          triggers:
            - template: {name: t1, openwhisk: {}}
            - template: {name: t2, conditions: "d && nope", log: {}}
            - template:
                name: t3
                k8s:
                  operation: create
                  source:
                    inline: |
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: x}
                  parameters:
                    - {src: {dependencyName: d, dataTemplate: '{{ .Input | nosuch }}'}, dest: data.x}
        """);
    SensorCheck check = SensorCheck.of(f, t -> false);
    assertThat(check.problems())
        .extracting(SensorCheck.Problem::pointer)
        .containsExactlyInAnyOrder(
            "/spec/dependencies/0/filters/data/0/value/0",
            "/spec/dependencies/1/filters/exprs/0/expr",
            "/spec/triggers/0/template/openwhisk",
            "/spec/triggers/1/template/conditions",
            "/spec/triggers/2/template/k8s/parameters/0/src/dataTemplate");
    assertThat(check.lines()).allMatch(l -> l.startsWith(f + "#/spec/"));
  }

  @Test
  void anInlineResourceIsTheResourceParametersApplyTo() {
    SensorSpec s =
        SensorSpec.parse(
            """
            spec:
              dependencies: [{name: d, eventSourceName: w, eventName: e}]
              triggers:
                - template:
                    name: t
                    k8s:
                      operation: create
                      source:
                        inline: '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}'
            """,
            "inline.yaml");
    assertThat(s.triggers().get(0).resource().path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(s.triggers().get(0).resourceSource()).contains("inline");
  }
}
