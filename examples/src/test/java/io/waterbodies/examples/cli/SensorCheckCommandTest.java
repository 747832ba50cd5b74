package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code waterbodies events sensor --file F --check} over Argo Events' own example Sensors. */
class SensorCheckCommandTest {
  static final Path SENSORS =
      Path.of(System.getProperty("waterbodies.shared", "../../shared"))
          .resolve("examples/argo-upstream/events/sensors");

  /** The shared README's table of genuinely wrong Sensors. */
  static final Set<String> WRONG =
      Set.of(
          "trigger-openwhisk.yaml",
          "url-sensor.yaml",
          "trigger-with-atleast-once-semantics.yaml",
          "trigger-with-policy.yaml",
          "multi-dependencies.yaml");

  @Test
  void everyUpstreamSensorChecksWithoutConnectingAndTheWrongOnesFailWithTheirPointer()
      throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(SENSORS)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(70);
    for (Path f : files) {
      // an unreachable NATS proves that --check connects to nothing
      CliRun r =
          CliRun.run(
              "events",
              "sensor",
              "--file",
              f.toString(),
              "--nats",
              "nats://127.0.0.1:1",
              "--check");
      if (WRONG.contains(f.getFileName().toString())) {
        assertThat(r.exit()).as(f + "\n" + r.out()).isEqualTo(1);
        assertThat(r.err()).contains(f + "#/spec/triggers/");
      } else {
        assertThat(r.exit()).as(f + "\n" + r.err()).isZero();
        assertThat(r.out()).contains("compiles").contains("trigger ");
      }
    }
    CliRun slack =
        CliRun.run(
            "events",
            "sensor",
            "--file",
            SENSORS.resolve("slack-trigger.yaml").toString(),
            "--check");
    assertThat(slack.out()).contains("(slack): no implementation in this SDK");
    CliRun log =
        CliRun.run("events", "sensor", "--file", SENSORS.resolve("log.yaml").toString(), "--check");
    assertThat(log.out()).contains("(log)").doesNotContain("no implementation");
  }
}
