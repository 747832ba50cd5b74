package io.waterbodies.events.source;

import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.bus.EventBusConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a {@link RedisEventSource} needs, checked when built. Read a stream ({@link
 * Builder#stream}) or subscribe to Pub/Sub channels ({@link Builder#channels}); exactly one.
 *
 * @param redisUri the Redis URI (may hold a password; never printed unredacted)
 * @param natsUri the NATS URI
 * @param eventSourceName the event source name (the CloudEvent {@code source}, the second subject
 *     token)
 * @param eventName the event name (the CloudEvent {@code subject}, the third subject token)
 * @param stream the Redis stream to read, when reading a stream
 * @param channels the Pub/Sub channels (patterns allowed) when subscribing
 * @param consumerGroup the consumer group (Argo's default {@code argo-events-cg})
 * @param consumerName this reader's name inside the group; keep it stable across restarts so that
 *     its pending entries are re-read
 * @param groupStartId where a newly created group starts: {@code 0} (everything already in the
 *     stream) or {@code $} (new entries only)
 * @param count entries per XREADGROUP (Argo: 10)
 * @param block how long XREADGROUP blocks (Argo: 2 s)
 * @param jsonBody Pub/Sub only: parse message bodies as JSON instead of passing strings
 * @param bus the event bus layout
 * @param createBusStream create the bus stream when missing
 * @param connectPolicy retries when connecting at start
 * @param backoff delays after failures while running (attempts are unlimited while running)
 * @param deadLetter where entries that can never be published go (stream mode)
 * @param trimAcknowledged stream mode: after acknowledging, {@code XTRIM MINID ~} the stream below
 *     the oldest entry that some consumer group of the stream has not yet acknowledged, so the
 *     stream does not grow forever and a recreated group cannot replay old history (default off:
 *     readers outside consumer groups may still need the entries)
 * @param claimIdle stream mode: entries of the group pending longer than this for any consumer (a
 *     replica that died or was renamed) are claimed with XAUTOCLAIM and forwarded; checked at
 *     start, after every Redis reconnection and then once per this period (default 1 min; keep it
 *     well above the time a batch takes to publish, or live replicas publish the same entries
 *     twice, which the bus' duplicate window drops)
 */
public record RedisEventSourceConfig(
    String redisUri,
    String natsUri,
    String eventSourceName,
    String eventName,
    Optional<String> stream,
    List<String> channels,
    String consumerGroup,
    String consumerName,
    String groupStartId,
    int count,
    Duration block,
    boolean jsonBody,
    EventBusConfig bus,
    boolean createBusStream,
    RetryPolicy connectPolicy,
    RetryPolicy backoff,
    DeadLetterTarget deadLetter,
    boolean trimAcknowledged,
    Duration claimIdle) {

  /** How long an entry stays pending for another consumer before the source claims it: 1 min. */
  public static final Duration DEFAULT_CLAIM_IDLE = Duration.ofMinutes(1);

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

  /** Checks the values. */
  public RedisEventSourceConfig {
    channels = List.copyOf(channels);
    if (stream.isPresent() == !channels.isEmpty()) {
      throw new IllegalArgumentException("set exactly one of a stream or Pub/Sub channels");
    }
    for (String[] t :
        new String[][] {{"event source name", eventSourceName}, {"event name", eventName}}) {
      if (t[1] == null || !TOKEN.matcher(t[1]).matches()) {
        throw new IllegalArgumentException(
            t[0] + " must be one subject token (letters, digits, '-', '_'): " + t[1]);
      }
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive");
    }
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(deadLetter, "deadLetter");
    if (claimIdle == null || claimIdle.isNegative() || claimIdle.isZero()) {
      throw new IllegalArgumentException("claimIdle must be positive: " + claimIdle);
    }
  }

  /** A builder with Argo's defaults and the local servers. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bus subject events are published to. */
  public String subject() {
    return bus.subject(eventSourceName, eventName);
  }

  @Override
  public String toString() {
    return "RedisEventSourceConfig[redis="
        + Redaction.redact(redisUri)
        + ", nats="
        + Redaction.redact(natsUri)
        + ", source="
        + eventSourceName
        + "."
        + eventName
        + ", stream="
        + stream.orElse("-")
        + ", channels="
        + channels
        + ", group="
        + consumerGroup
        + ", deadLetter="
        + deadLetter.kind()
        + " "
        + deadLetter.resolve(this)
        + (trimAcknowledged ? ", trimAcknowledged" : "")
        + "]";
  }

  /** Builds a {@link RedisEventSourceConfig}. */
  public static final class Builder {
    private String redisUri = "redis://127.0.0.1:6379";
    private String natsUri = "nats://127.0.0.1:4222";
    private String eventSourceName;
    private String eventName;
    private String stream;
    private List<String> channels = List.of();
    private String consumerGroup = "argo-events-cg";
    private String consumerName;
    private String groupStartId = "0";
    private int count = 10;
    private Duration block = Duration.ofSeconds(2);
    private boolean jsonBody;
    private EventBusConfig bus = EventBusConfig.defaults();
    private boolean createBusStream = true;
    private RetryPolicy connectPolicy = RetryPolicy.builder().maxAttempts(5).build();
    private RetryPolicy backoff =
        RetryPolicy.builder()
            .maxAttempts(Integer.MAX_VALUE)
            .initialDelay(Duration.ofMillis(200))
            .maxDelay(Duration.ofSeconds(10))
            .build();
    private DeadLetterTarget deadLetter = DeadLetterTarget.defaults();
    private boolean trimAcknowledged;
    private Duration claimIdle = DEFAULT_CLAIM_IDLE;

    private Builder() {}

    /** The Redis URI. */
    public Builder redisUri(String v) {
      this.redisUri = v;
      return this;
    }

    /** The NATS URI. */
    public Builder natsUri(String v) {
      this.natsUri = v;
      return this;
    }

    /** The event source name. */
    public Builder eventSourceName(String v) {
      this.eventSourceName = v;
      return this;
    }

    /** The event name. */
    public Builder eventName(String v) {
      this.eventName = v;
      return this;
    }

    /** Read this Redis stream. */
    public Builder stream(String v) {
      this.stream = v;
      return this;
    }

    /** Subscribe to these Pub/Sub channels (or patterns). */
    public Builder channels(String... v) {
      this.channels = List.of(v);
      return this;
    }

    /** The consumer group. */
    public Builder consumerGroup(String v) {
      this.consumerGroup = v;
      return this;
    }

    /** This reader's consumer name (default {@code <eventSource>-<event>}). */
    public Builder consumerName(String v) {
      this.consumerName = v;
      return this;
    }

    /** Where a newly created group starts ({@code 0} or {@code $}). */
    public Builder groupStartId(String v) {
      this.groupStartId = v;
      return this;
    }

    /** Entries per read. */
    public Builder count(int v) {
      this.count = v;
      return this;
    }

    /** How long a read blocks. */
    public Builder block(Duration v) {
      this.block = v;
      return this;
    }

    /** Parse Pub/Sub bodies as JSON. */
    public Builder jsonBody(boolean v) {
      this.jsonBody = v;
      return this;
    }

    /** The bus layout. */
    public Builder bus(EventBusConfig v) {
      this.bus = v;
      return this;
    }

    /** Create the bus stream when missing. */
    public Builder createBusStream(boolean v) {
      this.createBusStream = v;
      return this;
    }

    /** Retries at start. */
    public Builder connectPolicy(RetryPolicy v) {
      this.connectPolicy = v;
      return this;
    }

    /** Delays after failures while running. */
    public Builder backoff(RetryPolicy v) {
      this.backoff = v;
      return this;
    }

    /** Where entries that can never be published go (default {@code <stream>:dead-letter}). */
    public Builder deadLetter(DeadLetterTarget v) {
      this.deadLetter = Objects.requireNonNull(v, "deadLetter");
      return this;
    }

    /** Trim acknowledged entries from the stream (XTRIM MINID ~; default off). */
    public Builder trimAcknowledged(boolean v) {
      this.trimAcknowledged = v;
      return this;
    }

    /**
     * Claim entries pending longer than this for any consumer of the group (default {@link
     * #DEFAULT_CLAIM_IDLE}).
     */
    public Builder claimIdle(Duration v) {
      this.claimIdle = Objects.requireNonNull(v, "claimIdle");
      return this;
    }

    /** The config. */
    public RedisEventSourceConfig build() {
      Objects.requireNonNull(redisUri, "redisUri");
      Objects.requireNonNull(natsUri, "natsUri");
      return new RedisEventSourceConfig(
          redisUri,
          natsUri,
          eventSourceName,
          eventName,
          Optional.ofNullable(stream),
          channels,
          consumerGroup,
          consumerName == null ? eventSourceName + "-" + eventName : consumerName,
          groupStartId,
          count,
          block,
          jsonBody,
          bus,
          createBusStream,
          connectPolicy,
          backoff,
          deadLetter,
          trimAcknowledged,
          claimIdle);
    }
  }
}
