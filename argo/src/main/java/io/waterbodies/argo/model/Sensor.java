package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.List;
import java.util.Optional;

/** An Argo Events Sensor: dependencies on events and the triggers they fire. */
public final class Sensor extends ArgoResource {
  /** The kind. */
  public static final String KIND = "Sensor";

  Sensor(ObjectNode node) {
    super(node);
  }

  /** Wraps a Sensor manifest; the kind must match. */
  public static Sensor of(ObjectNode node) {
    if (!KIND.equals(node.path("kind").asText())) {
      throw new IllegalArgumentException("not a Sensor: kind " + node.path("kind"));
    }
    return new Sensor(node);
  }

  /** Starts a Sensor. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code spec.eventBusName} ({@code default} when absent). */
  public String eventBusName() {
    return text("spec", "eventBusName").orElse("default");
  }

  /** The dependencies. */
  public List<SensorDependency> dependencies() {
    return Trees.list(node().path("spec").path("dependencies"), SensorDependency::new);
  }

  /** The triggers. */
  public List<SensorTrigger> triggers() {
    return Trees.list(node().path("spec").path("triggers"), SensorTrigger::new);
  }

  /** {@code spec.template.serviceAccountName}. */
  public Optional<String> serviceAccountName() {
    return text("spec", "template", "serviceAccountName");
  }

  /** A builder initialised with this resource, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link Sensor}. */
  public static final class Builder extends ArgoResource.Builder<Builder, Sensor> {
    Builder() {
      super(KIND);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    /** The EventBus the sensor reads. */
    public Builder eventBusName(String name) {
      spec().put("eventBusName", name);
      return this;
    }

    /** The service account the sensor pod uses to create resources. */
    public Builder serviceAccountName(String account) {
      Trees.obj(spec(), "template").put("serviceAccountName", account);
      return this;
    }

    /** Adds a dependency. */
    public Builder dependency(SensorDependency dependency) {
      Trees.arr(spec(), "dependencies").add(dependency.toJson());
      return this;
    }

    /** Adds a trigger. */
    public Builder trigger(SensorTrigger trigger) {
      Trees.arr(spec(), "triggers").add(trigger.toJson());
      return this;
    }

    @Override
    public Sensor build() {
      requireName();
      return new Sensor(node);
    }
  }
}
