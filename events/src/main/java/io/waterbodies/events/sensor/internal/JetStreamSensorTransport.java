package io.waterbodies.events.sensor.internal;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.sensor.engine.SensorPorts;
import io.waterbodies.events.sensor.engine.SensorTransport;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JetStream adapters of the sensor engine: durable pull consumers on the bus stream ({@link
 * JetStreamRoute}), the completed-keys and held-events bucket {@code
 * KV_<stream>-completed-<sensor>} ({@link KvSensorStore}), and the dead-letter stream {@code
 * <stream>-dead-letter} ({@link JetStreamDeadLetters}). Creates what is missing; when JetStream
 * stops answering on a connection it opened, opens a fresh one and resubscribes.
 */
public final class JetStreamSensorTransport implements SensorTransport {
  private static final Logger LOG = LoggerFactory.getLogger(JetStreamSensorTransport.class);
  private static final int NOT_FOUND = 10059;

  /**
   * The consumer and bucket settings.
   *
   * @param bus the bus layout
   * @param deadLetterSubject where dead letters go
   * @param deliverPolicy where a new consumer starts
   * @param ackWait how long a delivery may stay unacknowledged
   * @param batch messages per pull
   * @param completedTtl how long completed keys are remembered
   * @param connectPolicy retries when connecting
   */
  public record Settings(
      EventBusConfig bus,
      String deadLetterSubject,
      DeliverPolicy deliverPolicy,
      Duration ackWait,
      int batch,
      Duration completedTtl,
      RetryPolicy connectPolicy) {}

  private final NatsAccess source;
  private final Settings settings;
  private volatile Connection nats;
  private volatile JetStream js;
  private volatile long generation;
  private volatile String sensorName = "";
  private int unreachableChecks;

  /** A transport that connects through {@code source} when opened. */
  public JetStreamSensorTransport(NatsAccess source, Settings settings) {
    this.source = source;
    this.settings = settings;
  }

  @Override
  public synchronized SensorPorts open(String name) {
    this.sensorName = name;
    nats = Connections.nats(source, "waterbodies-sensor-" + name, settings.connectPolicy());
    try {
      js = nats.jetStream();
      ensure();
      KvSensorStore store = new KvSensorStore(this, bucket());
      return new SensorPorts(
          (durable, subject) -> new JetStreamRoute(this, durable, subject),
          store,
          store,
          new JetStreamDeadLetters(this));
    } catch (IOException | JetStreamApiException e) {
      close();
      throw new EventsException(
          "sensor " + name + ": cannot set up JetStream consumers: " + Connections.reason(e), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public String describe() {
    return "JetStream at " + source.describe() + ", stream " + settings.bus().streamName();
  }

  Settings settings() {
    return settings;
  }

  String sensorName() {
    return sensorName;
  }

  Connection nats() {
    return nats;
  }

  JetStream js() {
    return js;
  }

  long generation() {
    return generation;
  }

  /**
   * Creates the bus stream, the dead-letter stream (the one {@link EventBus#ensureDeadLetterStream}
   * describes, shared with the event source) and the bucket when missing.
   */
  synchronized void ensure() throws IOException, JetStreamApiException {
    EventBus bus = new EventBus(nats, settings.bus());
    bus.ensure();
    bus.ensureDeadLetterStream();
    String bucket = bucketName();
    try {
      nats.keyValueManagement().getStatus(bucket);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != NOT_FOUND) {
        throw e;
      }
      nats.keyValueManagement()
          .create(
              KeyValueConfiguration.builder()
                  .name(bucket)
                  .storageType(StorageType.File)
                  .ttl(settings.completedTtl())
                  .replicas(settings.bus().replicas())
                  .build());
    }
  }

  private String bucketName() {
    return SensorEngine.durable(settings.bus().streamName() + "-completed-" + sensorName);
  }

  KeyValue bucket() throws IOException {
    return nats.keyValue(bucketName());
  }

  /** Called when a route cannot reach JetStream; after three such checks, reconnects. */
  synchronized void unreachable() {
    if (++unreachableChecks < 3) {
      return;
    }
    unreachableChecks = 0;
    if (source.connection().isPresent()) {
      LOG.warn(
          "sensor {}: JetStream does not answer on the host's connection; waiting for it",
          sensorName);
      return;
    }
    // After some server restarts a reconnected connection no longer gets JetStream replies
    // although it reports itself connected; a fresh connection does.
    LOG.warn("sensor {}: JetStream does not answer; opening a new connection", sensorName);
    Connection old = nats;
    nats = Connections.nats(source, "waterbodies-sensor-" + sensorName, settings.connectPolicy());
    try {
      js = nats.jetStream();
    } catch (IOException e) {
      throw new EventsException("cannot use JetStream: " + Connections.reason(e), e);
    }
    generation++;
    Connections.release(source, old);
  }

  synchronized void reachable() {
    unreachableChecks = 0;
  }

  @Override
  public synchronized void close() {
    Connection c = nats;
    nats = null;
    if (c == null) {
      return;
    }
    try {
      c.flush(Duration.ofSeconds(2));
    } catch (Exception e) {
      LOG.debug("flush on close: {}", e.getMessage());
    }
    Connections.release(source, c);
  }
}
