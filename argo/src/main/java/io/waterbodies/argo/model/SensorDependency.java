package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sensor dependency: events of {@code eventSourceName}/{@code eventName}, optionally transformed
 * (jq) and filtered.
 */
public final class SensorDependency extends ArgoObject {
  SensorDependency(ObjectNode node) {
    super(node);
  }

  /** Starts a dependency. */
  public static Builder builder(String name, String eventSourceName, String eventName) {
    return new Builder(name, eventSourceName, eventName);
  }

  /** The dependency name triggers refer to. */
  public String name() {
    return text("name").orElse("");
  }

  /** The EventSource name. */
  public String eventSourceName() {
    return text("eventSourceName").orElse("");
  }

  /** The event name within the source. */
  public String eventName() {
    return text("eventName").orElse("");
  }

  /** The jq transform. */
  public Optional<String> transformJq() {
    return text("transform", "jq");
  }

  /** The data filters. */
  public List<DataFilter> dataFilters() {
    List<DataFilter> out = new ArrayList<>();
    for (var f : node().path("filters").path("data")) {
      List<String> values = new ArrayList<>();
      f.path("value").forEach(v -> values.add(v.asText()));
      out.add(
          new DataFilter(
              f.path("path").asText(),
              f.path("type").asText(),
              values,
              f.path("comparator").asText("=")));
    }
    return List.copyOf(out);
  }

  /** Builds a {@link SensorDependency}. */
  public static final class Builder {
    private final ObjectNode node = Trees.object();

    Builder(String name, String eventSourceName, String eventName) {
      node.put("name", Objects.requireNonNull(name, "name"));
      node.put("eventSourceName", Objects.requireNonNull(eventSourceName, "eventSourceName"));
      node.put("eventName", Objects.requireNonNull(eventName, "eventName"));
    }

    /** Transforms the event data with a jq program first. */
    public Builder transformJq(String jq) {
      Trees.obj(node, "transform").put("jq", jq);
      return this;
    }

    /** Adds a data filter. */
    public Builder dataFilter(DataFilter filter) {
      ObjectNode f = Trees.arr(node, "data", "filters").addObject();
      f.put("path", filter.path());
      f.put("type", filter.type());
      ArrayNode v = f.putArray("value");
      filter.values().forEach(v::add);
      if (!"=".equals(filter.comparator())) {
        f.put("comparator", filter.comparator());
      }
      return this;
    }

    /** How filters combine: {@code and} (default) or {@code or}. */
    public Builder filtersLogicalOperator(String operator) {
      node.put("filtersLogicalOperator", operator);
      return this;
    }

    /** Builds the dependency. */
    public SensorDependency build() {
      return new SensorDependency(node);
    }
  }
}
