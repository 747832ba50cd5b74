package io.waterbodies.events.source;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.api.PublishAck;
import io.waterbodies.events.EventsException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The event source's view of its NATS connection, kept from jnats' connection events: when the
 * connection drops, publishes in flight fail at once (instead of waiting out their timeouts) and
 * the source stops publishing; when it is back, a waiting source wakes at once.
 */
final class NatsLink {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
  // Right after a reconnection some acknowledgements never come (the server is still recovering
  // its streams): give up on them sooner and publish again (deduplicated by Nats-Msg-Id).
  private static final Duration ACK_TIMEOUT_AFTER_RECONNECT = Duration.ofSeconds(2);
  private static final long RECENT_RECONNECT_NANOS = Duration.ofSeconds(15).toNanos();

  private final Object signal = new Object();
  private final Set<CompletableFuture<PublishAck>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicLong comebacks = new AtomicLong();
  private final ConnectionListener listener = this::event;
  private volatile Connection connection;
  private volatile boolean up = true;
  private volatile long lastComeback = System.nanoTime() - RECENT_RECONNECT_NANOS;

  /** Follows this connection (and no longer the previous one). */
  void attach(Connection nc) {
    nc.addConnectionListener(listener);
    Connection old = connection;
    connection = nc;
    up = nc.getStatus() == Connection.Status.CONNECTED;
    if (old != null && old != nc) {
      old.removeConnectionListener(listener);
    }
  }

  /** Stops following the connection (the host's connection outlives the source). */
  void detach() {
    Connection nc = connection;
    if (nc != null) {
      nc.removeConnectionListener(listener);
    }
  }

  /** True while the connection is up. */
  boolean isUp() {
    return up;
  }

  /** How many times the connection came back so far. */
  long comebacks() {
    return comebacks.get();
  }

  /** Tracks a publish until {@link #done}; fails it at once if the connection is down. */
  void track(CompletableFuture<PublishAck> ack) {
    inFlight.add(ack);
    if (!up) {
      ack.completeExceptionally(new EventsException("the NATS connection is down"));
    }
  }

  /** Stops tracking a publish. */
  void done(CompletableFuture<PublishAck> ack) {
    inFlight.remove(ack);
  }

  /** How long to wait for an acknowledgement now: shorter right after a reconnection. */
  Duration ackTimeout() {
    return System.nanoTime() - lastComeback < RECENT_RECONNECT_NANOS
        ? ACK_TIMEOUT_AFTER_RECONNECT
        : ACK_TIMEOUT;
  }

  /** The longest wait for an acknowledgement. */
  static Duration maxAckTimeout() {
    return ACK_TIMEOUT;
  }

  /**
   * Waits up to {@code d}, less when {@code stop} or {@code wake} turns true (checked whenever the
   * connection changes or {@link #wakeAll()} is called).
   *
   * @return false when interrupted
   */
  boolean pause(Duration d, BooleanSupplier stop, BooleanSupplier wake) {
    long until = System.nanoTime() + d.toNanos();
    synchronized (signal) {
      long left;
      while (!stop.getAsBoolean()
          && !wake.getAsBoolean()
          && (left = until - System.nanoTime()) > 0) {
        try {
          signal.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** Wakes every {@link #pause} (for example when the source closes). */
  void wakeAll() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void event(Connection conn, ConnectionListener.Events type) {
    if (conn != connection) {
      return;
    }
    switch (type) {
      case DISCONNECTED, CLOSED -> {
        up = false;
        EventsException down =
            new EventsException("the NATS connection dropped before JetStream acknowledged");
        inFlight.forEach(f -> f.completeExceptionally(down));
      }
      case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
        up = true;
        lastComeback = System.nanoTime();
        comebacks.incrementAndGet();
        wakeAll();
      }
      default -> {
        // discovered servers, lame duck: nothing to do
      }
    }
  }
}
