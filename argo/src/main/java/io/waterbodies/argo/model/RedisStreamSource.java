package io.waterbodies.argo.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of an EventSource {@code redisStream} entry: read {@code streams} in a consumer group.
 *
 * @param hostAddress {@code host:port}
 * @param streams stream names
 * @param consumerGroup consumer group (Argo's default {@code argo-events-cg} when empty)
 * @param db database number
 * @param maxMsgCountPerRead COUNT per XREADGROUP (Argo default 10)
 * @param passwordSecret Kubernetes secret {@code name/key} holding the password
 */
public record RedisStreamSource(
    String hostAddress,
    List<String> streams,
    Optional<String> consumerGroup,
    int db,
    Optional<Integer> maxMsgCountPerRead,
    Optional<SecretKeyRef> passwordSecret) {
  /** Checks the fields. */
  public RedisStreamSource {
    Objects.requireNonNull(hostAddress, "hostAddress");
    streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("redisStream needs at least one stream");
    }
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    Objects.requireNonNull(maxMsgCountPerRead, "maxMsgCountPerRead");
    Objects.requireNonNull(passwordSecret, "passwordSecret");
  }

  /** Reads {@code streams} on {@code hostAddress}, db 0, Argo's default group. */
  public static RedisStreamSource of(String hostAddress, String... streams) {
    return new RedisStreamSource(
        hostAddress, List.of(streams), Optional.empty(), 0, Optional.empty(), Optional.empty());
  }

  /** The same source with a consumer group. */
  public RedisStreamSource withConsumerGroup(String group) {
    return new RedisStreamSource(
        hostAddress, streams, Optional.of(group), db, maxMsgCountPerRead, passwordSecret);
  }

  /** The same source with a password from a Kubernetes secret. */
  public RedisStreamSource withPassword(SecretKeyRef secret) {
    return new RedisStreamSource(
        hostAddress, streams, consumerGroup, db, maxMsgCountPerRead, Optional.of(secret));
  }
}
