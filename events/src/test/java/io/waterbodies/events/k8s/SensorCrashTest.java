package io.waterbodies.events.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.waterbodies.argo.k8s.MockApiServer;
import io.waterbodies.argo.k8s.ResourceNames;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.sensor.Dependency;
import io.waterbodies.events.sensor.SensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A sensor killed mid-batch and restarted creates every Workflow once: the first sensor JVM halts
 * between a create and its ack, the second is killed with {@code destroyForcibly()} (SIGKILL) while
 * working, the third finishes. The mock API server plays the cluster that outlives them.
 */
class SensorCrashTest {
  private static final int EVENTS = 30;

  @Test
  void aSensorKilledMidBatchAndRestartedCreatesEveryWorkflowOnce() throws Exception {
    SensorSpec spec = SensorProcess.spec();
    Dependency d = spec.dependencies().get(0);
    String trigger = spec.triggers().get(0).name();
    String busName = TestServers.unique("wbcrash");
    EventBusConfig bus = SensorProcess.bus(busName);
    Path logs = Files.createDirectories(Path.of("target", "sensor-crash"));
    List<Process> started = new ArrayList<>();
    try (MockApiServer mock = MockApiServer.crud();
        Connection nc = TestServers.nats()) {
      try {
        new EventBus(nc, bus).ensure();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
          String href = "https://stac.example/items/crash-" + i;
          Envelope e = SensorProcess.event(d, href, i + "-0");
          expected.add(
              ResourceNames.deterministic(
                  "water-bodies-detection-", EventIds.hash(spec.name(), trigger, e.id())));
          SensorProcess.publish(nc, bus, d, e);
        }

        // 1: halts itself right after its 7th create, before the ack.
        Process first = start(mock, busName, 7, logs.resolve("first.log"), started);
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(mock.workflows()).hasSizeGreaterThanOrEqualTo(7);

        // 2: killed with SIGKILL while it works through the rest.
        int before = mock.workflows().size();
        Process second = start(mock, busName, 0, logs.resolve("second.log"), started);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> mock.workflows().size() > before);
        second.destroyForcibly();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // 3: finishes.
        Process third = start(mock, busName, 0, logs.resolve("third.log"), started);
        await().atMost(Duration.ofSeconds(90)).until(() -> mock.workflows().size() >= EVENTS);
        String durable =
            (spec.name() + "-" + trigger + "-" + d.name()).replaceAll("[^A-Za-z0-9_-]", "_");
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  ConsumerInfo ci =
                      nc.jetStreamManagement().getConsumerInfo(bus.streamName(), durable);
                  return ci.getNumPending() + ci.getNumAckPending() == 0;
                });
        third.destroy();

        List<JsonNode> workflows = mock.workflows();
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (JsonNode wf : workflows) {
          names.add(wf.at("/metadata/name").asText());
          keys.add(wf.at("/metadata/annotations/waterbodies.io~1idempotency-key").asText());
        }
        assertThat(workflows).hasSize(EVENTS);
        assertThat(names).isEqualTo(expected);
        assertThat(keys).hasSize(EVENTS);
        // The event whose ack the first JVM never sent was delivered again: a second create of the
        // same name, answered 409, and still one Workflow.
        int posts = 0;
        int n = mock.server.getRequestCount();
        for (int i = 0; i < n; i++) {
          RecordedRequest r = mock.server.takeRequest(1, TimeUnit.SECONDS);
          if (r != null && r.getMethod().equals("POST")) {
            posts++;
          }
        }
        assertThat(posts).isGreaterThan(EVENTS);
      } finally {
        for (Process p : started) {
          p.destroyForcibly();
        }
        TestServers.deleteStream(nc, bus.streamName());
        TestServers.deleteStream(nc, bus.streamName() + "-dead-letter");
        TestServers.deleteStream(
            nc,
            "KV_"
                + (bus.streamName() + "-completed-" + spec.name())
                    .replaceAll("[^A-Za-z0-9_-]", "_"));
      }
    }
  }

  private static Process start(
      MockApiServer mock, String bus, int haltAfter, Path log, List<Process> started)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SensorProcess.class.getName(),
                mock.url(),
                MockApiServer.TOKEN,
                bus,
                Integer.toString(haltAfter))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    started.add(p);
    return p;
  }
}
