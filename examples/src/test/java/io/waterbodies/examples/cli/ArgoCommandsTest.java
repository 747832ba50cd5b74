package io.waterbodies.examples.cli;

import static io.waterbodies.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgoCommandsTest {
  static final Path SCHEMAS =
      Path.of(System.getProperty("waterbodies.shared", "../../shared"), "schemas", "argo");

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void manifestsWritesTheBundleInApplyOrderAndItValidates(@TempDir Path dir) throws Exception {
    CliRun r =
        run(
            "manifests",
            "--out",
            dir.toString(),
            "--namespace",
            "eoap",
            "--redis",
            "redis.local:6380",
            "--stream",
            "ITEMS",
            "--image",
            "registry.local/waterbodies:9");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> order =
        List.of(
            "serviceaccount-water-bodies-sensor.yaml",
            "serviceaccount-water-bodies-workflow.yaml",
            "role-water-bodies-sensor.yaml",
            "role-water-bodies-workflow.yaml",
            "rolebinding-water-bodies-sensor.yaml",
            "rolebinding-water-bodies-workflow.yaml",
            "eventbus-default.yaml",
            "workflowtemplate-argo-cwl-runner.yaml",
            "workflowtemplate-water-bodies-detection.yaml",
            "eventsource-redis-source.yaml",
            "sensor-water-bodies-sensor.yaml",
            "deployment-water-bodies-watcher.yaml");
    assertThat(files(dir))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(order.stream(), Stream.of("water-bodies-detection.cwl")).toList());
    // Printed in apply order, then the prerequisites.
    List<String> printed =
        r.out()
            .lines()
            .filter(l -> l.endsWith(".yaml"))
            .map(l -> Path.of(l.trim()).getFileName().toString())
            .toList();
    assertThat(printed).containsExactlyElementsOf(order);
    assertThat(r.out())
        .contains("water-bodies-detection.cwl", "prerequisites:", "Argo Workflows", "Argo Events")
        .contains("Redis", "ReadWriteMany", "registry.local/waterbodies:9");
    assertThat(Files.readString(dir.resolve("eventsource-redis-source.yaml")))
        .contains("redis.local:6380", "ITEMS", "namespace: eoap");
    assertThat(Files.readString(dir.resolve("water-bodies-detection.cwl")))
        .contains("dockerPull: registry.local/waterbodies:9");
    assertThat(Files.readString(dir.resolve("deployment-water-bodies-watcher.yaml")))
        .contains("registry.local/waterbodies:9", "redis://redis.local:6380", "ITEMS");

    // The Argo documents pass the validator and the schemas (the plain Kubernetes ones are not
    // Argo kinds).
    String[] args =
        Stream.concat(
                Stream.of("argo", "validate", "--schemas", SCHEMAS.toString()),
                order.stream()
                    .filter(f -> !f.startsWith("serviceaccount") && !f.startsWith("role"))
                    .filter(f -> !f.startsWith("deployment"))
                    .map(f -> dir.resolve(f).toString()))
            .toArray(String[]::new);
    CliRun v = run(args);
    assertThat(v.exit()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).containsPattern("\\d+ files, \\d+ resources, 0 errors, 0 warnings");
  }

  @Test
  void validatePrintsFilePointerAndMessageAndExitsOne(@TempDir Path dir) throws Exception {
    run("manifests", "--out", dir.toString());
    Path t = dir.resolve("workflowtemplate-water-bodies-detection.yaml");
    Files.writeString(t, Files.readString(t).replace("entrypoint: main", "entrypiont: main"));
    CliRun v = run("argo", "validate", "--schemas", SCHEMAS.toString(), t.toString());
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.out()).contains(t + ": /spec/entrypiont: unknown field 'entrypiont'");
  }

  @Test
  void badArgumentsAndMissingSchemasAreReported(@TempDir Path dir) throws Exception {
    assertThat(run("manifests", "--out", dir.toString(), "--redis", "nohost").exit()).isEqualTo(2);
    run("manifests", "--out", dir.toString());
    CliRun v =
        run(
            "argo",
            "validate",
            "--schemas",
            dir.resolve("nope").toString(),
            files(dir).get(0).toString());
    assertThat(v.exit()).isEqualTo(3);
    assertThat(v.err()).contains("schema folder not found");
    Path bad = dir.resolve("broken.yaml");
    Files.writeString(bad, "apiVersion: [\n");
    CliRun k = run("argo", "validate", "--schemas", SCHEMAS.toString(), bad.toString());
    assertThat(k.exit()).isEqualTo(1);
    assertThat(k.out()).contains(bad + ": /: not valid YAML").contains("1 error");
  }

  @Test
  void nonArgoDocumentsAreSkippedWithANote(@TempDir Path dir) throws Exception {
    Path cm = dir.resolve("cm.yaml");
    Files.writeString(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    CliRun k = run("argo", "validate", "--schemas", SCHEMAS.toString(), cm.toString());
    assertThat(k.exit()).isZero();
    assertThat(k.out())
        .contains("note: " + cm + ": skipped ConfigMap/x (v1)")
        .contains("1 file, 0 resources, 0 errors, 0 warnings, 1 document skipped");
  }

  @Test
  void warningsArePrintedAndFailOnlyWithStrict(@TempDir Path dir) throws Exception {
    Path wf = dir.resolve("coinflip.yaml");
    Files.writeString(
        wf,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: coinflip-}
        spec:
          entrypoint: flip
          templates:
          - name: flip
            steps: [[{name: again, template: flip, when: "{{workflow.name}} == x"}]]
        """);
    CliRun v = run("argo", "validate", "--schemas", SCHEMAS.toString(), wf.toString());
    assertThat(v.exit()).isZero();
    assertThat(v.out())
        .contains(wf + ": /spec/templates/0: warning: recursive templates: flip -> flip")
        .contains("1 file, 1 resource, 0 errors, 1 warning");
    CliRun s = run("argo", "validate", "--strict", "--schemas", SCHEMAS.toString(), wf.toString());
    assertThat(s.exit()).isEqualTo(1);
    assertThat(s.out()).contains("1 error, 0 warnings");
  }
}
