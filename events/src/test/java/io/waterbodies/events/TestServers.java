package io.waterbodies.events;

import static org.assertj.core.api.Assertions.fail;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.waterbodies.events.bus.EventBusConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;

/** The shared Redis and NATS servers of the test machine, and unique names for each test. */
public final class TestServers {
  public static final String REDIS = "redis://127.0.0.1:6379";
  public static final String NATS = "nats://127.0.0.1:4222";

  private TestServers() {}

  /** Fails the test clearly when Redis or NATS does not answer. */
  public static void require() {
    check("Redis", 6379);
    check("NATS", 4222);
  }

  private static void check(String what, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    } catch (IOException e) {
      fail(
          what
              + " is not answering on 127.0.0.1:"
              + port
              + "; start it with scripts/services.sh ("
              + e.getMessage()
              + ")");
    }
  }

  /** A name no other test run uses. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A bus layout with a unique stream name and subject prefix, short-lived. */
  public static EventBusConfig uniqueBus() {
    String n = unique("wbt");
    return EventBusConfig.builder().name(n).maxAge(java.time.Duration.ofHours(1)).build();
  }

  /** A plain NATS connection to the shared server. */
  public static Connection nats() throws Exception {
    require();
    return Nats.connect(NATS);
  }

  /** Deletes the test's streams quietly. */
  public static void deleteStream(Connection nc, String name) {
    try {
      nc.jetStreamManagement().deleteStream(name);
    } catch (Exception ignored) {
      // already gone
    }
  }
}
