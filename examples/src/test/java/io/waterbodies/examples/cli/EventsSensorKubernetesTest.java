package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.reference.ReferencePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code waterbodies events sensor --trigger k8s}: options and configuration errors. */
class EventsSensorKubernetesTest {
  @TempDir Path dir;

  @Test
  void helpDocumentsTheKubernetesTriggerOptions() {
    CliRun r = CliRun.run("events", "sensor", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--trigger").contains("k8s").contains("--kubeconfig");
    assertThat(r.out()).contains("--namespace").contains("argoWorkflow");
  }

  @Test
  void aMissingKubeconfigIsNamedBeforeAnythingStarts() throws Exception {
    Path sensor = dir.resolve("sensor.yaml");
    Files.writeString(sensor, ArgoManifests.toYaml(ReferencePipeline.builder().build().sensor()));
    Path missing = dir.resolve("no-such-kubeconfig");
    CliRun r =
        CliRun.run(
            "events",
            "sensor",
            "--file",
            sensor.toString(),
            "--trigger",
            "k8s",
            "--kubeconfig",
            missing.toString(),
            "--namespace",
            "eoap");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains(missing.toString()).contains("does not exist");
  }

  @Test
  void anUnknownTriggerModeIsRefused() throws Exception {
    Path sensor = dir.resolve("sensor.yaml");
    Files.writeString(sensor, ArgoManifests.toYaml(ReferencePipeline.builder().build().sensor()));
    CliRun r = CliRun.run("events", "sensor", "--file", sensor.toString(), "--trigger", "kube");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("log, k8s or workflow");
  }
}
