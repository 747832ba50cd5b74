package io.waterbodies.events.sensor.internal;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.sensor.engine.Delivery;
import io.waterbodies.events.sensor.engine.EventSubscription;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route's durable pull consumer. Two batches are requested ahead (pull requests expire after a
 * second), so the next batch is on its way while one is handled; a fetch hands over what has
 * arrived as soon as there is anything (waiting for a full batch would be pure latency at low
 * rates). {@link #check()} notices a consumer that disappeared (jnats answers {@code null}, or
 * error 10014) and recreates it at the stream sequence after the last one acknowledged, so neither
 * the events published meanwhile nor those not yet acknowledged are skipped; events acknowledged
 * since the last check are delivered again and recognised by their completed keys.
 */
final class JetStreamRoute implements EventSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(JetStreamRoute.class);
  private static final Duration PULL_EXPIRY = Duration.ofSeconds(1);
  private static final Duration DRAIN_WAIT = Duration.ofMillis(20);
  private static final int CONSUMER_NOT_FOUND = 10014;
  private static final int STREAM_NOT_FOUND = 10059;

  private final JetStreamSensorTransport transport;
  private final String durable;
  private final String subject;
  private volatile JetStreamSubscription sub;
  private long generation;
  private long requestDeadline;
  private int outstanding;
  private volatile long ackFloor;

  JetStreamRoute(JetStreamSensorTransport transport, String durable, String subject)
      throws IOException, JetStreamApiException {
    this.transport = transport;
    this.durable = durable;
    this.subject = subject;
    subscribe(null);
  }

  private String stream() {
    return transport.settings().bus().streamName();
  }

  /** Binds to the durable when it exists, else creates it (at {@code start}, or per settings). */
  private synchronized void subscribe(Long start) throws IOException, JetStreamApiException {
    generation = transport.generation();
    JetStreamManagement jsm = transport.nats().jetStreamManagement();
    ConsumerInfo existing = null;
    try {
      existing = jsm.getConsumerInfo(stream(), durable);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
        throw e;
      }
    }
    if (existing == null) {
      ConsumerConfiguration.Builder cc =
          ConsumerConfiguration.builder()
              .durable(durable)
              .ackPolicy(AckPolicy.Explicit)
              .filterSubject(subject)
              .ackWait(transport.settings().ackWait())
              .maxDeliver(-1)
              .maxAckPending(Math.max(1000, transport.settings().batch() * 4L));
      if (start != null) {
        cc.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(start);
      } else {
        cc.deliverPolicy(transport.settings().deliverPolicy());
      }
      existing = jsm.addOrUpdateConsumer(stream(), cc.build());
    }
    if (existing != null && existing.getAckFloor() != null) {
      ackFloor = Math.max(ackFloor, existing.getAckFloor().getStreamSequence());
    }
    sub =
        transport
            .js()
            .subscribe(
                subject,
                PullSubscribeOptions.builder().bind(true).stream(stream())
                    .durable(durable)
                    .build());
    requestDeadline = 0;
  }

  @Override
  public List<Delivery> fetch(int max, Duration wait) throws Exception {
    if (generation != transport.generation()) {
      resubscribe();
    }
    long now = System.nanoTime();
    if (now >= requestDeadline) {
      outstanding = 0; // every pull expired
    }
    // Two batches requested ahead: the next one arrives while this one is handled.
    while (outstanding <= max) {
      sub.pull(PullRequestOptions.builder(max).expiresIn(PULL_EXPIRY).build());
      outstanding += max;
      requestDeadline = now + PULL_EXPIRY.toNanos();
    }
    List<Delivery> out = new ArrayList<>();
    long waitNanos = Math.max(1, wait.toNanos());
    long asked = System.nanoTime();
    Message first = sub.nextMessage(Duration.ofNanos(waitNanos));
    if (first == null) {
      if (System.nanoTime() - asked < waitNanos) {
        // jnats answered the end of a pull (408 expired, 409) before the wait was over: the
        // count of requested messages is off, so pull afresh. A plain timeout changes nothing.
        requestDeadline = 0;
      }
    } else {
      out.add(new JsDelivery(first));
      // Then what has arrived already, without waiting: a batch is what is there.
      Message m;
      while (out.size() < max && (m = sub.nextMessage((Duration) null)) != null) {
        out.add(new JsDelivery(m));
      }
    }
    outstanding -= out.size();
    return out;
  }

  @Override
  public long lag() {
    try {
      ConsumerInfo ci = sub.getConsumerInfo();
      if (ci == null) {
        return -1;
      }
      noteFloor(ci);
      return ci.getNumPending() + ci.getNumAckPending();
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      return -1;
    }
  }

  private void noteFloor(ConsumerInfo ci) {
    if (ci.getAckFloor() != null) {
      ackFloor = Math.max(ackFloor, ci.getAckFloor().getStreamSequence());
    }
  }

  @Override
  public void check() throws IOException, JetStreamApiException {
    if (generation != transport.generation()) {
      resubscribe();
      return;
    }
    ConsumerInfo ci;
    try {
      ci = sub.getConsumerInfo();
      transport.reachable();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == CONSUMER_NOT_FOUND || e.getApiErrorCode() == STREAM_NOT_FOUND) {
        recreate();
      } else {
        LOG.warn("sensor {}: cannot read consumer {}: {}", sensor(), durable, e.getMessage());
      }
      return;
    } catch (IOException | RuntimeException e) {
      LOG.warn("sensor {}: cannot read consumer {}: {}", sensor(), durable, Connections.reason(e));
      transport.unreachable();
      if (generation != transport.generation()) {
        resubscribe();
      }
      return;
    }
    if (ci == null) {
      recreate();
    } else {
      noteFloor(ci);
    }
  }

  private String sensor() {
    return transport.sensorName();
  }

  private void resubscribe() throws IOException, JetStreamApiException {
    transport.ensure();
    unsubscribe();
    subscribe(null);
    LOG.info("sensor {}: consumer {} resubscribed on a new connection", sensor(), durable);
  }

  /** The consumer is gone: recreate it after the last acknowledged stream sequence. */
  private synchronized void recreate() throws IOException, JetStreamApiException {
    transport.ensure();
    unsubscribe();
    long last =
        transport
            .nats()
            .jetStreamManagement()
            .getStreamInfo(stream())
            .getStreamState()
            .getLastSequence();
    // A stream recreated since (sequences restarted below the floor) is read from its start.
    Long start = ackFloor > 0 && last >= ackFloor ? ackFloor + 1 : Long.valueOf(1);
    subscribe(start);
    LOG.warn(
        "sensor {}: consumer {} was missing on the server; recreated from stream sequence {}",
        sensor(),
        durable,
        start);
  }

  private void unsubscribe() {
    try {
      if (sub != null) {
        sub.unsubscribe();
      }
    } catch (RuntimeException e) {
      LOG.debug("unsubscribe before recovery: {}", e.getMessage());
    }
  }

  /**
   * Hands back what was delivered for pulls not fetched yet (so a restart gets those events at
   * once, not after ackWait), then unsubscribes.
   */
  @Override
  public void close() {
    try {
      Message m;
      while (sub != null && (m = sub.nextMessage(DRAIN_WAIT)) != null) {
        new JsDelivery(m).nak(Duration.ZERO);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("handing back prefetched messages: {}", e.getMessage());
    }
    unsubscribe();
  }

  /** A JetStream message as a {@link Delivery}; ack and nak failures are left to redelivery. */
  private record JsDelivery(Message m) implements Delivery {
    @Override
    public byte[] body() {
      return m.getData() == null ? new byte[0] : m.getData();
    }

    @Override
    public String subject() {
      return m.getSubject();
    }

    @Override
    public long attempt() {
      return m.isJetStream() ? m.metaData().deliveredCount() : 1;
    }

    @Override
    public long sequence() {
      return m.isJetStream() ? m.metaData().streamSequence() : 0;
    }

    @Override
    public void ack() {
      try {
        m.ack();
      } catch (RuntimeException e) {
        LOG.debug("ack failed: {}", e.getMessage());
      }
    }

    @Override
    public void nak(Duration delay) {
      try {
        if (delay.isZero()) {
          m.nak();
        } else {
          m.nakWithDelay(delay);
        }
      } catch (RuntimeException e) {
        LOG.debug("nak failed: {}", e.getMessage());
      }
    }

    @Override
    public void inProgress() {
      try {
        m.inProgress();
      } catch (RuntimeException e) {
        LOG.debug("in-progress failed: {}", e.getMessage());
      }
    }
  }
}
