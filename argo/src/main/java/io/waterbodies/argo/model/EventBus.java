package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.Optional;

/** An Argo Events EventBus; this SDK builds the JetStream kind. */
public final class EventBus extends ArgoResource {
  /** The kind. */
  public static final String KIND = "EventBus";

  EventBus(ObjectNode node) {
    super(node);
  }

  /** Wraps an EventBus manifest; the kind must match. */
  public static EventBus of(ObjectNode node) {
    if (!KIND.equals(node.path("kind").asText())) {
      throw new IllegalArgumentException("not an EventBus: kind " + node.path("kind"));
    }
    return new EventBus(node);
  }

  /** Starts an EventBus. */
  public static Builder builder() {
    return new Builder();
  }

  /** The JetStream version, when this is a JetStream bus. */
  public Optional<String> jetstreamVersion() {
    return text("spec", "jetstream", "version");
  }

  /** Whether this is a JetStream bus. */
  public boolean isJetstream() {
    return node().path("spec").has("jetstream");
  }

  /** A builder initialised with this resource, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds an {@link EventBus}. */
  public static final class Builder extends ArgoResource.Builder<Builder, EventBus> {
    Builder() {
      super(KIND);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    /** A JetStream bus of {@code version} (e.g. {@code latest}) with {@code replicas} servers. */
    public Builder jetstream(String version, int replicas) {
      ObjectNode j = Trees.obj(spec(), "jetstream");
      j.put("version", version);
      j.put("replicas", replicas);
      return this;
    }

    /** JetStream stream settings as Argo's YAML text (e.g. {@code "maxAge: 72h"}). */
    public Builder jetstreamStreamConfig(String yaml) {
      Trees.obj(spec(), "jetstream").put("streamConfig", yaml);
      return this;
    }

    @Override
    public EventBus build() {
      requireName();
      return new EventBus(node);
    }
  }
}
