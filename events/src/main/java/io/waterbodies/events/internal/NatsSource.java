package io.waterbodies.events.internal;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.EventsException;
import java.util.Objects;

/**
 * Where a component's NATS connection comes from: a URI or jnats {@link Options} (the component
 * connects and closes the connection), or the host's open {@link Connection} (used as is, never
 * closed by the component).
 */
public final class NatsSource {
  private final String uri;
  private final Options options;
  private final Connection connection;

  private NatsSource(String uri, Options options, Connection connection) {
    this.uri = uri;
    this.options = options;
    this.connection = connection;
  }

  /** Connect to a URI (credentials in the URI). */
  public static NatsSource uri(String uri) {
    return new NatsSource(Objects.requireNonNull(uri, "natsUri"), null, null);
  }

  /** Connect with the host's options (servers, user/password, token, TLS, ...). */
  public static NatsSource options(Options options) {
    return new NatsSource(null, Objects.requireNonNull(options, "options"), null);
  }

  /** Use the host's open connection; it is never closed here. */
  public static NatsSource connection(Connection connection) {
    return new NatsSource(null, null, Objects.requireNonNull(connection, "connection"));
  }

  /** True when {@link #open} creates a connection that its caller must close. */
  public boolean owned() {
    return connection == null;
  }

  /** The server(s), without credentials, for messages. */
  public String describe() {
    if (uri != null) {
      return Redaction.redact(uri);
    }
    if (options != null) {
      return Redaction.redact(String.valueOf(options.getServers()));
    }
    return Redaction.redact(String.valueOf(connection.getConnectedUrl()));
  }

  /**
   * The connection: a new one (retrying per {@code policy}) or the host's.
   *
   * @throws io.waterbodies.events.EventsConnectionException when NATS stays unreachable
   */
  public Connection open(String name, RetryPolicy policy) {
    if (connection != null) {
      return connection;
    }
    if (uri != null) {
      return Connections.nats(uri, name, policy);
    }
    return Connections.withRetry(
        "NATS",
        describe(),
        policy,
        () -> {
          try {
            return Nats.connect(options);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventsException("interrupted while connecting to NATS", e);
          } catch (Exception e) {
            throw new EventsException(
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
          }
        });
  }

  /** Closes {@code c} when it was created by {@link #open}; leaves the host's connection open. */
  public void release(Connection c) {
    if (c == null || c == connection) {
      return;
    }
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
