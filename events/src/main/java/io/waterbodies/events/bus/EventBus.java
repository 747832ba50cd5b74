package io.waterbodies.events.bus;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.internal.Connections;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JetStream event bus: creates the stream described by an {@link EventBusConfig} when it is
 * missing, or checks that the existing one matches.
 *
 * <pre>{@code
 * try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
 *   EventBus.Status s = new EventBus(nc, EventBusConfig.defaults()).ensure();
 * }
 * }</pre>
 */
public final class EventBus {
  private static final int STREAM_NOT_FOUND = 10059;

  private final Connection connection;
  private final EventBusConfig config;

  /** A bus on an open NATS connection. */
  public EventBus(Connection connection, EventBusConfig config) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Connects to {@code natsUri} (retrying per {@code policy}), ensures the stream and disconnects.
   *
   * @throws io.waterbodies.events.EventsConnectionException when NATS stays unreachable
   */
  public static Status ensure(String natsUri, EventBusConfig config, RetryPolicy policy) {
    return ensure(NatsAccess.uri(natsUri), config, policy);
  }

  /**
   * Connects with the host's jnats options (credentials, TLS; retrying per {@code policy}), ensures
   * the stream and closes the connection it opened.
   *
   * @throws io.waterbodies.events.EventsConnectionException when NATS stays unreachable
   */
  public static Status ensure(Options options, EventBusConfig config, RetryPolicy policy) {
    return ensure(NatsAccess.options(options), config, policy);
  }

  /**
   * Ensures the stream over any {@link NatsAccess}: a connection opened here (retrying per {@code
   * policy}) is closed afterwards; the host's open connection stays open.
   *
   * @throws io.waterbodies.events.EventsConnectionException when NATS stays unreachable
   */
  public static Status ensure(NatsAccess access, EventBusConfig config, RetryPolicy policy) {
    Connection nc = Connections.nats(access, "waterbodies-bus", policy);
    try {
      return new EventBus(nc, config).ensure();
    } finally {
      Connections.release(access, nc);
    }
  }

  /** The configuration. */
  public EventBusConfig config() {
    return config;
  }

  /**
   * What {@link #ensure()} found or did.
   *
   * @param created true when the stream was created
   * @param differences settings of an existing stream that differ from the config (empty when it
   *     matches); the stream captures the bus subjects in any case
   */
  public record Status(boolean created, List<String> differences) {
    /** Copies the list. */
    public Status {
      differences = List.copyOf(differences);
    }
  }

  /**
   * Creates the stream when missing; otherwise verifies it.
   *
   * @throws EventsException when the existing stream does not capture the bus subjects (events
   *     would be lost), or the server refuses
   */
  public Status ensure() {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      StreamInfo info;
      try {
        info = jsm.getStreamInfo(config.streamName());
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
          throw e;
        }
        jsm.addStream(streamConfiguration());
        return new Status(true, List.of());
      }
      StreamConfiguration sc = info.getConfiguration();
      if (!sc.getSubjects().contains(config.subjects())
          && !sc.getSubjects().contains(config.subjectPrefix() + ".>")) {
        throw new EventsException(
            "stream '"
                + config.streamName()
                + "' exists but captures "
                + sc.getSubjects()
                + ", not "
                + config.subjects()
                + "; events published to the bus would be lost");
      }
      List<String> diffs = new ArrayList<>();
      if (sc.getStorageType() != StorageType.File) {
        diffs.add("storage " + sc.getStorageType() + " (expected File)");
      }
      if (!sc.getDuplicateWindow().equals(config.duplicateWindow())) {
        diffs.add(
            "duplicate window "
                + sc.getDuplicateWindow()
                + " (expected "
                + config.duplicateWindow()
                + ")");
      }
      if (!sc.getMaxAge().equals(config.maxAge())) {
        diffs.add("max age " + sc.getMaxAge() + " (expected " + config.maxAge() + ")");
      }
      if (sc.getMaxMsgs() != config.maxMessages()) {
        diffs.add("max messages " + sc.getMaxMsgs() + " (expected " + config.maxMessages() + ")");
      }
      if (sc.getReplicas() != config.replicas()) {
        diffs.add("replicas " + sc.getReplicas() + " (expected " + config.replicas() + ")");
      }
      return new Status(false, diffs);
    } catch (JetStreamApiException e) {
      throw new EventsException(
          "JetStream refused to create or read stream '"
              + config.streamName()
              + "': "
              + e.getMessage()
              + (e.getMessage() != null && e.getMessage().contains("replicas")
                  ? " (a single server holds 1 replica)"
                  : ""),
          e);
    } catch (IOException e) {
      throw new EventsException(
          "cannot reach JetStream to create or read stream '"
              + config.streamName()
              + "': "
              + e.getMessage()
              + " (is nats-server running with -js?)",
          e);
    }
  }

  /** The dead-letter stream's name: {@code <stream>-dead-letter}. */
  public String deadLetterStreamName() {
    return config.streamName() + "-dead-letter";
  }

  /** The subjects the dead-letter stream captures: {@code <prefix>-dead-letter.>}. */
  public String deadLetterSubjects() {
    return config.subjectPrefix() + "-dead-letter.>";
  }

  /**
   * Creates the dead-letter stream ({@link #deadLetterStreamName()}, capturing {@link
   * #deadLetterSubjects()}, file storage, the bus's max age and replicas) when missing.
   *
   * @throws EventsException when the server refuses or does not answer
   */
  public void ensureDeadLetterStream() {
    JetStreamManagement jsm;
    try {
      jsm = connection.jetStreamManagement();
      try {
        jsm.getStreamInfo(deadLetterStreamName());
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
          throw e;
        }
        jsm.addStream(
            StreamConfiguration.builder()
                .name(deadLetterStreamName())
                .subjects(deadLetterSubjects())
                .storageType(StorageType.File)
                .maxAge(config.maxAge())
                .replicas(config.replicas())
                .build());
      }
    } catch (JetStreamApiException | IOException e) {
      throw new EventsException(
          "cannot create or read the dead-letter stream '"
              + deadLetterStreamName()
              + "': "
              + e.getMessage(),
          e);
    }
  }

  /** The JetStream stream configuration the bus config describes. */
  public StreamConfiguration streamConfiguration() {
    return StreamConfiguration.builder()
        .name(config.streamName())
        .subjects(config.subjects())
        .storageType(StorageType.File)
        .duplicateWindow(config.duplicateWindow())
        .maxAge(config.maxAge())
        .maxMessages(config.maxMessages())
        .replicas(config.replicas())
        .build();
  }
}
