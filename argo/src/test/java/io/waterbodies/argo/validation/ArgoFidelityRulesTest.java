package io.waterbodies.argo.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.validation.ManifestFinding.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per rule of "accept what Argo accepts, report what is really wrong". */
class ArgoFidelityRulesTest {
  static ArgoValidator validator;

  @BeforeAll
  static void load() {
    validator =
        ArgoValidator.create(ArgoSchemas.load(ArgoValidatorTest.SHARED.resolve("schemas/argo")));
  }

  private static List<ManifestFinding> check(String yaml) {
    return validator.validate(ArgoManifests.read(yaml, "test.yaml"));
  }

  private static List<ManifestFinding> errors(String yaml) {
    return check(yaml).stream().filter(ManifestFinding::isError).toList();
  }

  private static String workflow(String templates) {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: w-}
        spec:
          entrypoint: main
          templates:
        """
        + templates.indent(2);
  }

  @Test
  void intOrStringAndQuantityFieldsMayBeNumbers() {
    String wf =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: w-}
        spec:
          entrypoint: main
          activeDeadlineSeconds: 600
          podDisruptionBudget: {minAvailable: 1}
          templates:
          - name: main
            steps: [[{name: s, template: c, withSequence: {count: 5}}]]
          - name: c
            retryStrategy: {limit: 3}
            activeDeadlineSeconds: 10
            container:
              image: nginx
              resources: {requests: {cpu: 1, memory: 0.5}}
              readinessProbe: {httpGet: {path: /, port: 8080}, tcpSocket: {port: 80}}
        """;
    assertThat(check(wf)).isEmpty();
    assertThat(errors(wf.replace("limit: 3", "limit: [3]")))
        .singleElement()
        .satisfies(f -> assertThat(f.pointer()).isEqualTo("/spec/templates/1/retryStrategy/limit"));
  }

  @Test
  void recursionIsAWarningAndAnErrorOnlyWhenNothingCanEndIt() {
    String coinflip =
        workflow(
            """
            - name: main
              steps:
              - - {name: flip, template: flip}
              - - {name: again, template: main, when: "{{steps.flip.outputs.result}} == tails"}
            - name: flip
              script: {image: python, command: [python], source: "print('heads')"}
            """);
    assertThat(check(coinflip))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.message()).contains("recursive templates: main -> main");
            });
    assertThat(errors(coinflip.replace(", when: \"{{steps.flip.outputs.result}} == tails\"", "")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("template loop: main -> main"));
  }

  @Test
  void argosBuiltInVariablesResolve() {
    String wf =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: w-, labels: {team: a}}
        spec:
          entrypoint: main
          onExit: exit
          arguments: {parameters: [{name: p, value: x}]}
          templates:
          - name: main
            steps:
            - - name: s
                template: leaf
                arguments: {parameters: [{name: in, value: "{{steps.name}} {{workflow.name}}"}]}
            - - name: loop
                template: leaf
                withItems: [{a: 1}]
                arguments:
                  parameters:
                  - name: in
                    value: "{{item.a}} {{steps.s.status}} {{steps.s.outputs.result}} {{= sprig.trim(workflow.name) }}"
          - name: leaf
            inputs: {parameters: [{name: in}]}
            retryStrategy: {limit: 2, expression: "asInt(lastRetry.exitCode) > 1"}
            script:
              image: alpine
              command: [sh]
              source: |
                echo {{inputs.parameters.in}} {{inputs.parameters}} {{pod.name}} {{retries}}
                echo {{workflow.uid}} {{workflow.namespace}} {{workflow.parameters.p}}
                echo {{workflow.parameters.json}} {{workflow.creationTimestamp.Y}}
                echo {{workflow.labels.team}} {{workflow.mainEntrypoint}} {{node.name}}
                echo {{lastRetry.status}} {{workflow.serviceAccountName}} {{workflow.duration}}
          - name: exit
            container:
              image: alpine
              args: ["{{workflow.status}} {{workflow.failures}} {{workflow.scheduledTime}}"]
        """;
    assertThat(check(wf)).isEmpty();
    assertThat(errors(wf.replace("{{workflow.uid}}", "{{workflow.uuid}}")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("'{{workflow.uuid}}' is not an Argo"));
    assertThat(errors(wf.replace("{{steps.s.status}}", "{{steps.s.state}}")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("'state' is not a step variable"));
    assertThat(errors(wf.replace("{{workflow.parameters.p}}", "{{workflow.parameters.q}}")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("workflow parameter 'q'"));
  }

  @Test
  void aStepsHookReadsItsOwnStepsOutputs() {
    String wf =
        workflow(
            """
            - name: main
              steps:
              - - name: step-1
                  template: out
                  hooks:
                    exit:
                      template: show
                      arguments:
                        parameters: [{name: v, value: "{{steps.step-1.outputs.parameters.result}}"}]
            - name: out
              container: {image: alpine}
              outputs: {parameters: [{name: result, valueFrom: {path: /tmp/r}}]}
            - name: show
              inputs: {parameters: [{name: v}]}
              container: {image: alpine, args: ["{{inputs.parameters.v}}"]}
            """);
    assertThat(check(wf)).isEmpty();
    // A step of the same group, outside the hook, cannot read it: it runs at the same time.
    String peer =
        workflow(
            """
            - name: main
              steps:
              - - {name: step-1, template: out}
                - name: peer
                  template: show
                  arguments: {parameters: [{name: v, value: "{{steps.step-1.outputs.result}}"}]}
            - name: out
              container: {image: alpine}
            - name: show
              inputs: {parameters: [{name: v}]}
              container: {image: alpine, args: ["{{inputs.parameters.v}}"]}
            """);
    assertThat(errors(peer))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("does not run before this one"));
  }

  @Test
  void aDagTemplatesOutputsReadItsTasks() {
    String wf =
        workflow(
            """
            - name: main
              dag:
                tasks:
                - {name: inner, template: nested}
                - name: use
                  template: show
                  depends: inner
                  arguments: {parameters: [{name: v, value: "{{tasks.inner.outputs.parameters.r}}"}]}
            - name: nested
              dag:
                tasks:
                - {name: gen, template: out}
              outputs:
                parameters:
                - name: r
                  valueFrom: {parameter: "{{tasks.gen.outputs.parameters.result}}"}
            - name: out
              container: {image: alpine}
              outputs: {parameters: [{name: result, valueFrom: {path: /tmp/r}}]}
            - name: show
              inputs: {parameters: [{name: v}]}
              container: {image: alpine, args: ["{{inputs.parameters.v}}"]}
            """);
    assertThat(check(wf)).isEmpty();
    assertThat(errors(wf.replace("{{tasks.gen.outputs", "{{tasks.gone.outputs")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.pointer())
                  .isEqualTo("/spec/templates/1/outputs/parameters/0/valueFrom/parameter");
              assertThat(f.message()).contains("task 'gone'");
            });
  }

  @Test
  void aWorkflowTemplateIsALibraryWithParametersGivenAtSubmission() {
    String wt =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata: {name: lib}
        spec:
          templates:
          - name: say
            container: {image: alpine, args: ["{{workflow.parameters.appellation}}"]}
        """;
    assertThat(check(wt)).isEmpty();
    assertThat(check(wt.replace("WorkflowTemplate", "ClusterWorkflowTemplate"))).isEmpty();
    // A Workflow must still say where to start and declare its parameters.
    assertThat(errors(wt.replace("WorkflowTemplate", "Workflow")))
        .extracting(ManifestFinding::pointer)
        .containsExactlyInAnyOrder("/spec", "/spec/templates/0/container/args/0");
  }

  @Test
  void aLongGenerateNameIsCutByTheApiServerNotRefused() {
    String wf =
        workflow("- name: main\n  container: {image: alpine}\n")
            .replace("generateName: w-", "generateName: " + "a".repeat(70) + "-");
    assertThat(check(wf)).isEmpty();
    assertThat(errors(wf.replace("generateName: a", "generateName: A"))).hasSize(1);
  }

  @Test
  void schemaRequiredFieldsArgoDoesNotNeedAreNotErrors() {
    String source =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: es}
        spec:
          webhook:
            example: {endpoint: /x, method: POST, port: "12000"}
          azureServiceBus:
            q: {queueName: jobs, connectionString: {name: s, key: k}}
        """;
    assertThat(check(source)).isEmpty();
    assertThat(errors(source.replace("queueName: jobs, ", "")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("queueName, or topicName and"));
    String sensor =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: s}
        spec:
          dependencies:
          - name: d
            eventSourceName: es
            eventName: example
            filters: {context: {type: webhook}}
          triggers:
          - template:
              name: h
              http: {url: "http://x", method: POST}
          - template:
              name: c
              custom: {serverURL: "x:9000", spec: {a: b}}
        """;
    assertThat(check(sensor)).isEmpty();
    assertThat(errors(sensor.replace("{context: {type: webhook}}", "{context: {id: x}}")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("at least one of type"));
    // A field Argo does need stays an error.
    assertThat(errors(sensor.replace("eventName: example\n    ", "")))
        .anySatisfy(f -> assertThat(f.message()).contains("eventName"));
  }

  @Test
  void triggerDestinationsAreCreatedLikeSjsonDoes() {
    String sensor =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: s}
        spec:
          dependencies: [{name: d, eventSourceName: es, eventName: e}]
          triggers:
          - template:
              name: t
              k8s:
                operation: create
                source:
                  resource:
                    apiVersion: argoproj.io/v1alpha1
                    kind: Workflow
                    metadata: {generateName: w-}
                    spec:
                      entrypoint: main
                      templates: [{name: main, container: {image: alpine}}]
                parameters:
                - {src: {dependencyName: d, dataKey: body}, dest: spec.arguments.parameters.0.value}
                - {src: {dependencyName: d, dataKey: id}, dest: metadata.name}
        """;
    assertThat(check(sensor)).isEmpty();
    assertThat(check(sensor.replace("dest: metadata.name", "dest: spec.entrypoint.x")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.message()).contains("goes through 'spec.entrypoint'");
            });
  }

  @Test
  void scriptsAndTemplateDefaultsMayLeaveOutWhatDefaultsProvide() {
    String wf =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: w-}
        spec:
          entrypoint: main
          templateDefaults:
            script: {image: python}
            container: {image: alpine}
          templates:
          - name: main
            steps: [[{name: a, template: s}, {name: b, template: c}]]
          - name: s
            script: {command: [python], source: "print(1)"}
          - name: c
            container: {args: [hi]}
        """;
    assertThat(check(wf)).isEmpty();
    // Without defaults, the image is needed.
    assertThat(
            errors(
                wf.replace(
                    "    script: {image: python}\n    container: {image: alpine}\n",
                    "    timeout: 1h\n")))
        .extracting(ManifestFinding::pointer)
        .containsExactlyInAnyOrder("/spec/templates/1/script", "/spec/templates/2/container");
    assertThat(check(wf.replace("{command: [python], source: \"print(1)\"}", "{image: python}")))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
  }

  @Test
  void cronWorkflowsClusterTemplatesAndEventBindingsAreValidated() {
    String cron =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: CronWorkflow
        metadata: {name: hourly}
        spec:
          schedules: ["0 * * * *"]
          timezone: Europe/Paris
          concurrencyPolicy: Forbid
          workflowSpec:
            entrypoint: main
            templates: [{name: main, container: {image: alpine, args: ["{{workflow.scheduledTime}}"]}}]
        """;
    assertThat(check(cron)).isEmpty();
    assertThat(errors(cron.replace("0 * * * *", "0 * * *").replace("Europe/Paris", "Mars/Base")))
        .extracting(ManifestFinding::pointer)
        .containsExactlyInAnyOrder("/spec/schedules/0", "/spec/timezone");
    assertThat(errors(cron.replace("entrypoint: main", "entrypoint: mian")))
        .extracting(ManifestFinding::pointer)
        .containsExactly("/spec/workflowSpec/entrypoint");
    assertThat(errors(cron.replace("concurrencyPolicy", "concurencyPolicy")))
        .anySatisfy(f -> assertThat(f.message()).contains("did you mean 'concurrencyPolicy'"));
    String binding =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowEventBinding
        metadata: {name: b}
        spec:
          event: {selector: 'payload.message != ""'}
          submit:
            workflowTemplateRef: {name: lib}
            arguments: {parameters: [{name: m, valueFrom: {event: payload.message}}]}
        """;
    assertThat(check(binding)).isEmpty();
    assertThat(errors(binding.replace("selector:", "selectr:")))
        .anySatisfy(f -> assertThat(f.pointer()).isEqualTo("/spec/event/selectr"));
  }

  @Test
  void documentsThatAreNotArgoResourcesAreSkippedWithANote(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("deploy.yaml");
    Files.writeString(
        f,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: params}
        data: {a: b}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: ro}
        ---
        """
            + workflow("- name: main\n  container: {image: alpine}\n"));
    ValidationReport report = validator.validateFiles(List.of(f));
    assertThat(report.findings()).isEmpty();
    assertThat(report.resourceCount()).isEqualTo(1);
    assertThat(report.files().get(0).notes())
        .hasSize(3)
        .anySatisfy(n -> assertThat(n).contains("skipped ConfigMap/params (v1)"));
    assertThat(report.summary())
        .isEqualTo("1 file, 1 resource, 0 errors, 0 warnings, 3 documents skipped");
    // A misspelt Argo kind is not silently skipped.
    Files.writeString(
        f,
        workflow("- name: main\n  container: {image: alpine}\n")
            .replace("kind: Workflow", "kind: Worfklow"));
    assertThat(validator.validateFiles(List.of(f)).findings())
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("did you mean 'Workflow'"));
  }

  @Test
  void aDuplicateKeyIsAnErrorNamingTheKeyAndItsLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("dup.yaml");
    Files.writeString(
        f,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          generateName: w-
          annotations: {a: b}
          annotations: {c: d}
        spec:
          entrypoint: main
          templates: [{name: main, container: {image: alpine}}]
        """);
    ValidationReport report = validator.validateFiles(List.of(f));
    assertThat(report.findings())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.pointer()).isEqualTo("/metadata/annotations");
              assertThat(x.message())
                  .isEqualTo(
                      "duplicate key 'annotations' at line 6 (first at line 5); the first value"
                          + " is ignored");
              assertThat(x.source()).isEqualTo(ManifestFinding.Source.SYNTAX);
            });
    assertThat(report.resourceCount()).isEqualTo(1);
  }

  @Test
  void strictMakesWarningsErrorsAndTheSummaryCountsThem(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.yaml");
    Files.writeString(
        f,
        workflow(
            """
            - name: main
              steps: [[{name: again, template: main, when: "{{workflow.name}} == x"}]]
            """));
    ValidationReport report = validator.validateFiles(List.of(f));
    assertThat(report.hasErrors()).isFalse();
    assertThat(report.summary()).isEqualTo("1 file, 1 resource, 0 errors, 1 warning");
    assertThat(report.strict().hasErrors()).isTrue();
    assertThat(report.strict().summary()).isEqualTo("1 file, 1 resource, 1 error, 0 warnings");
  }

  @Test
  void whatArgosLinterRefusesIsStillAnError() {
    String dag =
        workflow(
            """
            - name: main
              dag:
                tasks:
                - {name: a, template: c}
                - {name: b, template: c, depends: "a.Succeeded || !a"}
            - name: c
              container: {image: alpine}
            """);
    assertThat(check(dag)).isEmpty();
    assertThat(errors(dag.replace("|| !a", "|| !x")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("depends on 'x'"));
    assertThat(
            errors(
                dag.replace(
                    "container: {image: alpine}", "suspend: {}\n    container: {image: alpine}")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("[container, suspend]"));
    assertThat(errors(dag.replace("container: {image: alpine}", "inputs: {}")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("template type unspecified"));
    assertThat(errors(dag.replace("- name: c\n", "- name: \"\"\n")))
        .anySatisfy(f -> assertThat(f.message()).isEqualTo("template without a name"));
    String steps =
        workflow(
            """
            - name: main
              steps: [[{name: s, template: r}], [{name: s, template: r}]]
            - name: r
              resource: {action: create, manifest: "kind: ConfigMap"}
            """);
    assertThat(errors(steps))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("step name 's' is not unique"));
    assertThat(errors(steps.replace("action: create", "action: crate")))
        .anySatisfy(f -> assertThat(f.pointer()).isEqualTo("/spec/templates/1/resource/action"));
    assertThat(errors(steps.replace("entrypoint: main", "workflowTemplateRef: {name: lib}")))
        .anySatisfy(f -> assertThat(f.pointer()).isEqualTo("/spec/templates"));
  }

  @Test
  void templateRefsReachClusterWorkflowTemplatesOfTheSet() {
    String both =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ClusterWorkflowTemplate
        metadata: {name: shared}
        spec:
          templates: [{name: say, container: {image: alpine}}]
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: w-}
        spec:
          entrypoint: main
          templates:
          - name: main
            steps: [[{name: s, templateRef: {name: shared, template: say, clusterScope: true}}]]
        """;
    assertThat(check(both)).isEmpty();
    assertThat(errors(both.replace("template: say,", "template: sya,")))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .isEqualTo("ClusterWorkflowTemplate 'shared' has no template 'sya'"));
  }

  @Test
  void itemFieldsComeFromTheLoopOfTheirStep() {
    String wf =
        workflow(
            """
            - name: main
              steps:
              - - name: maps
                  template: show
                  withItems: [{os: debian, v: 9}, {os: alpine, v: 3}]
                  arguments: {parameters: [{name: v, value: "{{item.os}}:{{item.v}}"}]}
                - name: param
                  template: show
                  withParam: "[1, 2]"
                  arguments: {parameters: [{name: v, value: "{{item.anything}}"}]}
            - name: show
              inputs: {parameters: [{name: v}]}
              container: {image: alpine, args: ["{{inputs.parameters.v}}"]}
            """);
    assertThat(check(wf)).isEmpty();
    assertThat(errors(wf.replace("{{item.os}}", "{{item.distro}}")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("no item of withItems has 'distro'"));
    assertThat(errors(wf.replace("args: [\"{{inputs.parameters.v}}\"]", "args: [\"{{item.os}}\"]")))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("only defined in a step or task with"));
  }
}
