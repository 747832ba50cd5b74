package io.waterbodies.events.source;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link RedisEventSource} puts an entry it can never publish (for example one larger than
 * the NATS server's max payload) before acknowledging it, so one poison entry cannot stop the
 * entries behind it. Transient failures (server down, timeouts) are retried, never dead-lettered.
 *
 * <ul>
 *   <li>{@link #redisStream(String)}: XADD one entry with the fields {@code stream}, {@code
 *       message_id}, {@code reason}, {@code failed_at} and {@code values} (the original fields as a
 *       JSON object, complete however large);
 *   <li>{@link #natsSubject(String)}: a JetStream message with the same JSON object as body (values
 *       left out when they do not fit the max payload, header {@code Waterbodies-Truncated: true}),
 *       the reason in header {@code Waterbodies-Dead-Letter-Reason} and {@code Nats-Msg-Id} derived
 *       from the entry; the subject must be captured by a stream (by default the source creates
 *       {@code <bus stream>-dead-letter} capturing {@code <prefix>-dead-letter.>}, the sensor's
 *       dead-letter stream).
 * </ul>
 *
 * @param kind where to
 * @param name the Redis stream key or the NATS subject; empty for the default
 */
public record DeadLetterTarget(Kind kind, Optional<String> name) {
  /** The header with the reason on a JetStream dead letter (the one the sensor uses too). */
  public static final String HEADER_REASON = "Waterbodies-Dead-Letter-Reason";

  /** The kinds of target. */
  public enum Kind {
    /** A Redis stream. */
    REDIS_STREAM,
    /** A JetStream subject. */
    NATS_SUBJECT
  }

  /** Checks the values. */
  public DeadLetterTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (name.isPresent() && name.get().isBlank()) {
      throw new IllegalArgumentException("a dead-letter stream or subject name must not be blank");
    }
  }

  /** The default: the Redis stream {@code <stream>:dead-letter} next to the one read. */
  public static DeadLetterTarget defaults() {
    return new DeadLetterTarget(Kind.REDIS_STREAM, Optional.empty());
  }

  /** This Redis stream. */
  public static DeadLetterTarget redisStream(String key) {
    return new DeadLetterTarget(Kind.REDIS_STREAM, Optional.of(key));
  }

  /** This JetStream subject. */
  public static DeadLetterTarget natsSubject(String subject) {
    return new DeadLetterTarget(Kind.NATS_SUBJECT, Optional.of(subject));
  }

  /** The JetStream subject {@code <prefix>-dead-letter.source.<eventSource>}. */
  public static DeadLetterTarget natsDefault() {
    return new DeadLetterTarget(Kind.NATS_SUBJECT, Optional.empty());
  }

  /** The stream key or subject for a source reading {@code stream} into {@code config}'s bus. */
  String resolve(RedisEventSourceConfig config) {
    return name.orElseGet(
        () ->
            kind == Kind.REDIS_STREAM
                ? config.stream().orElse("redis") + ":dead-letter"
                : config.bus().subjectPrefix() + "-dead-letter.source." + config.eventSourceName());
  }
}
