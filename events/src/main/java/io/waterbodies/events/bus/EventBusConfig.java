package io.waterbodies.events.bus;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the JetStream event bus stream is laid out. The defaults are Argo Events' (stream {@code
 * default}, subjects {@code default.*.*}, file storage, duplicate window 300 s, max age 168 h, max
 * messages 50,000) except replicas, which default to 1 because a single local server cannot hold 3
 * (Argo's controller defaults to 3 on a cluster).
 *
 * <p>The stream name and the subject prefix are configurable so that several buses (or parallel
 * test runs) can share one server; components talking to each other must use the same values.
 *
 * @param streamName the JetStream stream name
 * @param subjectPrefix the first subject token; events go to {@code <prefix>.<source>.<event>}
 * @param duplicateWindow how long JetStream remembers {@code Nats-Msg-Id}s
 * @param maxAge how long events are kept
 * @param maxMessages how many events are kept at most
 * @param replicas the stream replicas (1 for a single server)
 */
public record EventBusConfig(
    String streamName,
    String subjectPrefix,
    Duration duplicateWindow,
    Duration maxAge,
    long maxMessages,
    int replicas) {

  /** Argo's stream and subject prefix. */
  public static final String DEFAULT_NAME = "default";

  /** Argo's controller default replicas on a cluster (ours defaults to 1). */
  public static final int ARGO_DEFAULT_REPLICAS = 3;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  /** Checks the values. */
  public EventBusConfig {
    Objects.requireNonNull(streamName, "streamName");
    Objects.requireNonNull(subjectPrefix, "subjectPrefix");
    Objects.requireNonNull(duplicateWindow, "duplicateWindow");
    Objects.requireNonNull(maxAge, "maxAge");
    if (!NAME.matcher(streamName).matches()) {
      throw new IllegalArgumentException(
          "stream name must be letters, digits, '-' or '_': " + streamName);
    }
    if (!NAME.matcher(subjectPrefix).matches()) {
      throw new IllegalArgumentException(
          "subject prefix must be one token of letters, digits, '-' or '_': " + subjectPrefix);
    }
    if (duplicateWindow.isNegative() || duplicateWindow.isZero()) {
      throw new IllegalArgumentException("duplicate window must be positive");
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("max age must not be negative");
    }
    if (replicas < 1 || replicas > 5) {
      throw new IllegalArgumentException("replicas must be 1 to 5, got " + replicas);
    }
  }

  /** Argo's layout with one replica. */
  public static EventBusConfig defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The subjects the stream captures: {@code <prefix>.*.*}. */
  public String subjects() {
    return subjectPrefix + ".*.*";
  }

  /** The subject of one event source's event: {@code <prefix>.<eventSource>.<eventName>}. */
  public String subject(String eventSource, String eventName) {
    return subjectPrefix + "." + eventSource + "." + eventName;
  }

  /** Builds an {@link EventBusConfig}. */
  public static final class Builder {
    private String streamName = DEFAULT_NAME;
    private String subjectPrefix = DEFAULT_NAME;
    private Duration duplicateWindow = Duration.ofSeconds(300);
    private Duration maxAge = Duration.ofHours(168);
    private long maxMessages = 50_000;
    private int replicas = 1;

    private Builder() {}

    /** Sets stream name and subject prefix to the same value, as Argo does. */
    public Builder name(String name) {
      this.streamName = name;
      this.subjectPrefix = name;
      return this;
    }

    /** The stream name. */
    public Builder streamName(String v) {
      this.streamName = v;
      return this;
    }

    /** The subject prefix. */
    public Builder subjectPrefix(String v) {
      this.subjectPrefix = v;
      return this;
    }

    /** The duplicate window. */
    public Builder duplicateWindow(Duration v) {
      this.duplicateWindow = v;
      return this;
    }

    /** The maximum age of events. */
    public Builder maxAge(Duration v) {
      this.maxAge = v;
      return this;
    }

    /** The maximum number of events kept. */
    public Builder maxMessages(long v) {
      this.maxMessages = v;
      return this;
    }

    /** The replicas. */
    public Builder replicas(int v) {
      this.replicas = v;
      return this;
    }

    /** The config. */
    public EventBusConfig build() {
      return new EventBusConfig(
          streamName, subjectPrefix, duplicateWindow, maxAge, maxMessages, replicas);
    }
  }
}
