package io.waterbodies.events.pipeline.internal;

import io.lettuce.core.RedisURI;
import io.nats.client.Connection;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.sensor.Sensor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a pipeline's Redis and NATS are: hands the NATS access to a sensor builder, and decides
 * {@link BusMode#AUTO} by whether both servers answer.
 */
public final class ServerEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(ServerEndpoints.class);

  private ServerEndpoints() {}

  /** The sensor reaches NATS as the access says (the host's connection stays open on close). */
  public static Sensor.Builder nats(Sensor.Builder b, NatsAccess nats) {
    if (nats.connection().isPresent()) {
      return b.connection(nats.connection().get());
    }
    if (nats.options().isPresent()) {
      return b.options(nats.options().get());
    }
    return b.natsUri(nats.uriString().orElseThrow());
  }

  /**
   * The bus a run uses: the requested one, or for {@link BusMode#AUTO} the servers when Redis and
   * NATS both answer, else the in-memory bus with a warning saying why.
   */
  public static BusMode resolve(
      BusMode requested, RedisAccess redis, NatsAccess nats, String name) {
    if (requested != BusMode.AUTO) {
      if (requested == BusMode.IN_MEMORY) {
        LOG.warn(
            "pipeline {}: using the IN-MEMORY event bus as configured: events are not durable"
                + " and nothing is written to Redis or NATS",
            name);
      }
      return requested;
    }
    Optional<String> r = unreachable(redis);
    Optional<String> n = unreachable(nats);
    if (r.isEmpty() && n.isEmpty()) {
      return BusMode.SERVERS;
    }
    LOG.warn(
        "pipeline {}: {}{}; FALLING BACK TO THE IN-MEMORY EVENT BUS: events are not durable, and"
            + " no completion events reach Redis (for demos and tests only)",
        name,
        r.map(x -> "Redis unreachable (" + x + ")").orElse(""),
        n.map(x -> (r.isPresent() ? ", " : "") + "NATS unreachable (" + x + ")").orElse(""));
    return BusMode.IN_MEMORY;
  }

  private static Optional<String> unreachable(RedisAccess redis) {
    RedisURI u = redis.redisUri();
    // For Sentinel, the first sentinel stands for the deployment.
    RedisURI at = u.getSentinels().isEmpty() ? u : u.getSentinels().get(0);
    String host = at.getHost() == null ? "127.0.0.1" : at.getHost();
    return unreachable(host, at.getPort(), redis.describe());
  }

  private static Optional<String> unreachable(NatsAccess nats) {
    if (nats.connection().isPresent()) {
      Connection.Status s = nats.connection().get().getStatus();
      return s == Connection.Status.CONNECTED
          ? Optional.empty()
          : Optional.of("the host's connection is " + s);
    }
    String first =
        nats.options()
            .map(o -> o.getServers().isEmpty() ? "" : o.getServers().iterator().next().toString())
            .orElseGet(() -> nats.uriString().orElseThrow().split(",")[0].trim());
    URI u;
    try {
      u = URI.create(first);
    } catch (IllegalArgumentException e) {
      return Optional.of("not a URI: " + Redaction.redact(first));
    }
    String host = u.getHost() == null ? "127.0.0.1" : u.getHost();
    return unreachable(host, u.getPort() < 0 ? 4222 : u.getPort(), Redaction.redact(first));
  }

  private static Optional<String> unreachable(String host, int port, String shown) {
    try (Socket sock = new Socket()) {
      sock.connect(new InetSocketAddress(host, port), 1000);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(shown + ": " + Connections.reason(e));
    }
  }
}
