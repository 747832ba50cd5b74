package io.waterbodies.argo.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.reference.ReferencePipeline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArgoValidatorTest {
  static final Path SHARED = Path.of(System.getProperty("waterbodies.shared", "../../shared"));
  static ArgoValidator validator;

  @BeforeAll
  static void load() {
    validator = ArgoValidator.create(ArgoSchemas.load(SHARED.resolve("schemas/argo")));
  }

  private static final String WORKFLOW =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: hello-}
      spec:
        entrypoint: main
        arguments:
          parameters: [{name: message, value: hi}]
        templates:
        - name: main
          steps:
          - - name: say
              template: echo
              arguments:
                parameters: [{name: text, value: "{{workflow.parameters.message}}"}]
          - - name: again
              template: echo
              arguments:
                parameters: [{name: text, value: "{{steps.say.outputs.parameters.out}}"}]
        - name: echo
          inputs:
            parameters: [{name: text}]
          container: {image: alpine, command: [echo, "{{inputs.parameters.text}}"]}
          outputs:
            parameters: [{name: out, valueFrom: {path: /tmp/out}}]
      """;

  private List<ManifestFinding> check(String yaml) {
    return validator.validate(ArgoManifests.read(yaml, "test.yaml"));
  }

  @Test
  void everyRenderedReferenceManifestIsValid() {
    List<ArgoResource> all =
        ReferencePipeline.builder().namespace("eoap").consumerGroup("cg").build().resources();
    assertThat(validator.validate(all)).isEmpty();
    for (ArgoResource r : all) {
      assertThat(validator.validate(ArgoManifests.read(ArgoManifests.toYaml(r), "r.yaml")))
          .isEmpty();
    }
  }

  @Test
  void aCorrectWorkflowHasNoFindings() {
    assertThat(check(WORKFLOW)).isEmpty();
  }

  @Test
  void unknownTemplateIsReportedAtTheStep() {
    List<ManifestFinding> f = check(WORKFLOW.replaceFirst("template: echo", "template: ehco"));
    assertThat(f)
        .extracting(ManifestFinding::pointer)
        .containsExactly("/spec/templates/0/steps/0/0/template");
    assertThat(f.get(0).message()).contains("'ehco' does not exist");
  }

  @Test
  void badParameterReferencesAreReportedWithTheirPath() {
    List<ManifestFinding> f =
        check(WORKFLOW.replace("{{inputs.parameters.text}}", "{{inputs.parameters.txt}}"));
    assertThat(f)
        .extracting(ManifestFinding::pointer)
        .containsExactly("/spec/templates/1/container/command/1");
    f = check(WORKFLOW.replace("{{workflow.parameters.message}}", "{{workflow.parameters.msg}}"));
    assertThat(f)
        .extracting(ManifestFinding::pointer)
        .containsExactly("/spec/templates/0/steps/0/0/arguments/parameters/0/value");
    f = check(WORKFLOW.replace("outputs.parameters.out}}", "outputs.parameters.nope}}"));
    assertThat(f)
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("no output parameter 'nope'"));
    f = check(WORKFLOW.replace("{{steps.say.", "{{steps.later."));
    assertThat(f).singleElement().satisfies(x -> assertThat(x.message()).contains("step 'later'"));
  }

  @Test
  void typoInAFieldIsAnUnknownFieldWithASuggestion() {
    List<ManifestFinding> f = check(WORKFLOW.replace("entrypoint: main", "entrypiont: main"));
    assertThat(f)
        .anySatisfy(
            x -> {
              assertThat(x.pointer()).isEqualTo("/spec/entrypiont");
              assertThat(x.source()).isEqualTo(ManifestFinding.Source.UNKNOWN_FIELD);
              assertThat(x.message()).contains("did you mean 'entrypoint'");
            });
    f = check(WORKFLOW.replace("container: {image: alpine,", "container: {imgae: alpine,"));
    assertThat(f)
        .anySatisfy(x -> assertThat(x.pointer()).isEqualTo("/spec/templates/1/container/imgae"));
  }

  @Test
  void schemaViolationsAreReported() {
    List<ManifestFinding> f = check(WORKFLOW.replace("entrypoint: main", "entrypoint: [main]"));
    assertThat(f)
        .anySatisfy(
            x -> {
              assertThat(x.pointer()).isEqualTo("/spec/entrypoint");
              assertThat(x.source()).isEqualTo(ManifestFinding.Source.SCHEMA);
            });
  }

  @Test
  void missingSensorDependencyIsReported() {
    List<ArgoResource> all = ReferencePipeline.builder().build().resources();
    String sensor =
        ArgoManifests.toYaml(all.get(2))
            .replace("dependencyName: water-bodies", "dependencyName: redis-evnet");
    List<ManifestFinding> f = validator.validate(ArgoManifests.read(sensor, "s.yaml"));
    assertThat(f)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.pointer())
                  .isEqualTo("/spec/triggers/0/template/k8s/parameters/0/src/dependencyName");
              assertThat(x.message()).contains("redis-evnet");
            });
  }

  @Test
  void sensorDestFarPastTheEndOfAnArrayIsAWarning() {
    // Argo sets dest like sjson: missing fields are created, skipped array slots become null.
    String sensor =
        ArgoManifests.toYaml(ReferencePipeline.builder().build().sensor())
            .replace("spec.arguments.parameters.0.value", "spec.arguments.parameters.7.value");
    List<ManifestFinding> f = validator.validate(ArgoManifests.read(sensor, "s.yaml"));
    assertThat(f)
        .extracting(ManifestFinding::pointer)
        .containsExactly("/spec/triggers/0/template/k8s/parameters/0/dest");
    assertThat(f.get(0).severity()).isEqualTo(ManifestFinding.Severity.WARNING);
  }

  @Test
  void sensorAgainstEventSourcesOfTheSet() {
    List<ArgoResource> all = ReferencePipeline.builder().build().resources();
    String src = ArgoManifests.toYaml(all.get(1)).replace("example:", "OTHER:");
    List<ArgoResource> set = List.of(ArgoManifests.read(src, "e.yaml").get(0), all.get(2));
    List<ManifestFinding> f = validator.validate(set);
    assertThat(f)
        .extracting(ManifestFinding::pointer)
        .containsExactly("/spec/dependencies/0/eventName");
    assertThat(f.get(0).severity()).isEqualTo(ManifestFinding.Severity.WARNING);
  }

  @Test
  void namesMustBeDns1123Labels() {
    List<ManifestFinding> f = check(WORKFLOW.replace("generateName: hello-", "name: Hello_World"));
    assertThat(f).extracting(ManifestFinding::pointer).containsExactly("/metadata/name");
  }

  @Test
  void templateLoopIsDetected() {
    String loop =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata: {name: loop}
        spec:
          entrypoint: a
          templates:
          - name: a
            steps: [[{name: call-b, template: b}]]
          - name: b
            steps: [[{name: call-a, template: a}]]
        """;
    assertThat(check(loop))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.message()).contains("template loop: a -> b -> a");
              assertThat(x.pointer()).isEqualTo("/spec/templates/0");
            });
  }

  @Test
  void typoInsideTheSensorsEmbeddedWorkflowIsFound() {
    String sensor =
        ArgoManifests.toYaml(ReferencePipeline.builder().build().sensor())
            .replace("workflowTemplateRef:", "workflowTemplateRf:");
    assertThat(validator.validate(ArgoManifests.read(sensor, "s.yaml")))
        .anySatisfy(
            x ->
                assertThat(x.pointer())
                    .isEqualTo(
                        "/spec/triggers/0/template/k8s/source/resource/spec/workflowTemplateRf"));
  }

  @Test
  void missingSchemaFolderFailsClearly() {
    assertThatThrownBy(() -> ArgoSchemas.load(Path.of("does-not-exist")))
        .isInstanceOf(ArgoException.class)
        .hasMessageContaining("does-not-exist");
  }
}
