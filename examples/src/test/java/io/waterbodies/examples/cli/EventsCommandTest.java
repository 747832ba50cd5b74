package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code waterbodies events ...}: the shared connection options and the bus command on NATS. */
class EventsCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void everySubcommandOffersTheSameConnectionOptions() {
    for (String sub : new String[] {"watch", "source"}) {
      assertThat(run("events", sub, "--help")).isZero();
      assertThat(out.toString()).contains("--redis").contains(ConnectionOptions.REDIS);
    }
    for (String sub : new String[] {"source", "sensor", "bus"}) {
      assertThat(run("events", sub, "--help")).isZero();
      assertThat(out.toString()).contains("--nats").contains(ConnectionOptions.NATS);
    }
    for (String sub : new String[] {"source", "sensor"}) {
      assertThat(run("events", sub, "--help")).isZero();
      assertThat(out.toString()).contains("--bus");
    }
  }

  @Test
  void sourceRejectsAClaimIdleThatIsNotAPositiveDuration() {
    for (String bad : new String[] {"0s", "soon"}) {
      assertThat(
              run(
                  "events",
                  "source",
                  "--stream",
                  "S",
                  "--event-source",
                  "es",
                  "--event-name",
                  "en",
                  "--claim-idle",
                  bad))
          .isEqualTo(2);
      assertThat(err.toString()).contains("--claim-idle").contains(bad);
    }
    assertThat(run("events", "source", "--help")).isZero();
    assertThat(out.toString()).contains("--claim-idle").contains("default 1m");
  }

  @Test
  void busCreatesThenVerifiesTheStreamOnTheGivenNats() throws Exception {
    String name = "cli-test-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      assertThat(run("events", "bus", "--nats", ConnectionOptions.NATS, "--name", name))
          .as(err.toString())
          .isZero();
      assertThat(out.toString()).contains("created stream " + name);
      assertThat(run("events", "bus", "--nats", ConnectionOptions.NATS, "--name", name)).isZero();
      assertThat(out.toString()).contains("stream " + name + " exists and matches");
    } finally {
      try (Connection nc = Nats.connect(ConnectionOptions.NATS)) {
        nc.jetStreamManagement().deleteStream(name);
      } catch (Exception e) {
        throw new AssertionError(
            "NATS JetStream must run at " + ConnectionOptions.NATS + ": " + e.getMessage(), e);
      }
    }
  }
}
