package io.waterbodies.events.sensor;

import static io.waterbodies.events.sensor.SensorTestSupport.FAST;
import static io.waterbodies.events.sensor.SensorTestSupport.event;
import static io.waterbodies.events.sensor.SensorTestSupport.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.DeliverPolicy;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsAuthenticationException;
import io.waterbodies.events.SecuredServers;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections are the host's: a sensor and the bus run against a NATS server with a user and
 * password, through the host's jnats options or its open connection, which they never close.
 */
class SensorConnectionsTest {
  static SecuredServers server;

  @BeforeAll
  static void startServer() throws Exception {
    server = SecuredServers.nats();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  static Options options() {
    return server.natsOptions().build();
  }

  Sensor.Builder sensor(String name, EventBusConfig bus, AtomicInteger fired) {
    return Sensor.builder()
        .spec(SensorTestSupport.simpleSpec(name))
        .bus(bus)
        .deliverPolicy(DeliverPolicy.All)
        .backoff(FAST)
        .trigger("t", r -> fired.incrementAndGet());
  }

  @Test
  void aSensorConnectsWithTheHostsOptions() throws Exception {
    EventBusConfig bus = TestServers.uniqueBus();
    AtomicInteger fired = new AtomicInteger();
    assertThat(EventBus.ensure(options(), bus, RetryPolicy.NONE).created()).isTrue();
    try (Connection nc = Nats.connect(options());
        Sensor s = sensor("opts", bus, fired).options(options()).build().start()) {
      publish(nc, bus, event("https://s/i/1", "1-0", "STREAM"));
      await().atMost(Duration.ofSeconds(20)).until(() -> fired.get() == 1);
      assertThat(s.metrics().out()).isEqualTo(1);
    }
  }

  @Test
  void aSensorOnTheHostsConnectionLeavesItOpen() throws Exception {
    EventBusConfig bus = TestServers.uniqueBus();
    AtomicInteger fired = new AtomicInteger();
    try (Connection nc = Nats.connect(options())) {
      try (Sensor s = sensor("host", bus, fired).connection(nc).build().start()) {
        publish(nc, bus, event("https://s/i/1", "1-0", "STREAM"));
        await().atMost(Duration.ofSeconds(20)).until(() -> fired.get() == 1);
      }
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      // Still usable by the host, and a second sensor resumes on it without firing again.
      publish(nc, bus, event("https://s/i/2", "2-0", "STREAM"));
      try (Sensor s = sensor("host", bus, fired).connection(nc).build().start()) {
        await().atMost(Duration.ofSeconds(20)).until(() -> fired.get() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().lag() == 0);
      }
      assertThat(fired).hasValue(2);
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
  }

  @Test
  void aWrongPasswordFailsAtOnceWithoutRepeatingIt() {
    String uri = "nats://" + SecuredServers.USER + ":wrong-secret@127.0.0.1:" + server.port;
    AtomicInteger fired = new AtomicInteger();
    assertThatThrownBy(
            () -> sensor("bad", TestServers.uniqueBus(), fired).natsUri(uri).build().start())
        .isInstanceOf(EventsAuthenticationException.class)
        .hasMessageNotContaining("wrong-secret");
  }
}
