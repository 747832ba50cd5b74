package io.waterbodies.events.source;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.internal.Connections;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event source's NATS connection: obtained from its {@link NatsAccess}, followed by a {@link
 * NatsLink}, replaced when JetStream stops answering on a connection the source opened, and closed
 * only when the source opened it.
 */
final class BusConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BusConnection.class);

  private final NatsAccess access;
  private final String name;
  private final RetryPolicy policy;
  private final NatsLink link = new NatsLink();
  private volatile Connection connection;
  private volatile JetStream js;
  private int ackFailures;

  /**
   * Connects (retrying per {@code policy}) or takes the host's connection.
   *
   * @throws io.waterbodies.events.EventsConnectionException when NATS stays unreachable
   */
  BusConnection(NatsAccess access, String name, RetryPolicy policy) {
    this.access = access;
    this.name = name;
    this.policy = policy;
    Connection nc = Connections.nats(access, name, policy);
    try {
      use(nc);
    } catch (RuntimeException e) {
      link.detach();
      Connections.release(access, nc);
      throw e;
    }
  }

  private void use(Connection nc) {
    JetStream fresh;
    try {
      fresh = nc.jetStream();
    } catch (IOException e) {
      throw new EventsException("cannot use JetStream: " + Connections.reason(e), e);
    }
    link.attach(nc);
    this.js = fresh;
    this.connection = nc;
  }

  Connection connection() {
    return connection;
  }

  JetStream js() {
    return js;
  }

  NatsLink link() {
    return link;
  }

  /** The server's max payload, or 0 when unknown. */
  long maxPayload() {
    return connection.getMaxPayload();
  }

  /** Counts a publish JetStream did not acknowledge (timeout, dropped connection). */
  void ackFailed() {
    ackFailures++;
  }

  /** A batch went through: the connection works. */
  void acked() {
    ackFailures = 0;
  }

  /**
   * After some server restarts a reconnected connection reports itself connected but gets no
   * JetStream replies; after repeated ack failures a fresh connection replaces one the source
   * opened (the host's connection is the host's to fix).
   */
  void reconnectIfStuck() {
    if (ackFailures < 3 || access.connection().isPresent()) {
      return;
    }
    ackFailures = 0;
    LOG.warn("{}: JetStream does not answer; opening a new connection", name);
    Connection old = connection;
    Connection fresh = Connections.nats(access, name, policy);
    try {
      use(fresh);
    } catch (RuntimeException e) {
      Connections.release(access, fresh);
      throw e;
    }
    Connections.release(access, old);
  }

  /** Stops following the connection and closes it when the source opened it. */
  @Override
  public void close() {
    link.detach();
    Connections.release(access, connection);
  }
}
