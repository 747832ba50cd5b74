package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An Argo Events EventSource; this SDK builds {@code redis} and {@code redisStream} sources. */
public final class EventSource extends ArgoResource {
  /** The kind. */
  public static final String KIND = "EventSource";

  EventSource(ObjectNode node) {
    super(node);
  }

  /** Wraps an EventSource manifest; the kind must match. */
  public static EventSource of(ObjectNode node) {
    if (!KIND.equals(node.path("kind").asText())) {
      throw new IllegalArgumentException("not an EventSource: kind " + node.path("kind"));
    }
    return new EventSource(node);
  }

  /** Starts an EventSource. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code spec.eventBusName} ({@code default} when absent). */
  public String eventBusName() {
    return text("spec", "eventBusName").orElse("default");
  }

  /** Names of the events this source emits, over every source type. */
  public List<String> eventNames() {
    List<String> out = new ArrayList<>();
    node()
        .path("spec")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isObject()
                  && !e.getKey().equals("template")
                  && !e.getKey().equals("service")) {
                e.getValue().fieldNames().forEachRemaining(out::add);
              }
            });
    return List.copyOf(out);
  }

  /** The redisStream entry named {@code eventName}. */
  public Optional<RedisStreamSource> redisStream(String eventName) {
    var n = node().path("spec").path("redisStream").path(eventName);
    if (!n.isObject()) {
      return Optional.empty();
    }
    List<String> streams = new ArrayList<>();
    n.path("streams").forEach(s -> streams.add(s.asText()));
    return Optional.of(
        new RedisStreamSource(
            n.path("hostAddress").asText(),
            streams,
            Trees.text(n, "consumerGroup"),
            n.path("db").asInt(0),
            n.has("maxMsgCountPerRead")
                ? Optional.of(n.get("maxMsgCountPerRead").asInt())
                : Optional.empty(),
            n.has("password")
                ? Optional.of(
                    new SecretKeyRef(
                        n.path("password").path("name").asText(),
                        n.path("password").path("key").asText()))
                : Optional.empty()));
  }

  /** A builder initialised with this resource, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds an {@link EventSource}. */
  public static final class Builder extends ArgoResource.Builder<Builder, EventSource> {
    Builder() {
      super(KIND);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    /** The EventBus events are published to. */
    public Builder eventBusName(String name) {
      spec().put("eventBusName", name);
      return this;
    }

    /** Adds a {@code redisStream} event named {@code eventName}. */
    public Builder redisStream(String eventName, RedisStreamSource source) {
      ObjectNode s = Trees.obj(spec(), "redisStream", eventName);
      s.put("hostAddress", source.hostAddress());
      ArrayNode a = s.putArray("streams");
      source.streams().forEach(a::add);
      source.consumerGroup().ifPresent(g -> s.put("consumerGroup", g));
      if (source.db() != 0) {
        s.put("db", source.db());
      }
      source.maxMsgCountPerRead().ifPresent(c -> s.put("maxMsgCountPerRead", c));
      source.passwordSecret().ifPresent(p -> p.writeTo(s.putObject("password")));
      return this;
    }

    /** Adds a {@code redis} (Pub/Sub) event named {@code eventName}. */
    public Builder redis(
        String eventName, String hostAddress, List<String> channels, boolean json) {
      ObjectNode s = Trees.obj(spec(), "redis", eventName);
      s.put("hostAddress", hostAddress);
      ArrayNode a = s.putArray("channels");
      channels.forEach(a::add);
      s.put("jsonBody", json);
      return this;
    }

    @Override
    public EventSource build() {
      requireName();
      return new EventSource(node);
    }
  }
}
