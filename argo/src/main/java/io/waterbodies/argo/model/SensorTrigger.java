package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sensor trigger of kind {@code k8s} (create/update/patch a Kubernetes resource) or {@code
 * argoWorkflow} (submit a Workflow), with its parameters, retry strategy and at-least-once flag.
 */
public final class SensorTrigger extends ArgoObject {
  SensorTrigger(ObjectNode node) {
    super(node);
  }

  /** A {@code k8s} trigger that applies {@code operation} (e.g. {@code create}) to a resource. */
  public static Builder k8s(String name, String operation, ArgoResource resource) {
    return new Builder(name, "k8s", operation, resource.toJson());
  }

  /** An {@code argoWorkflow} trigger ({@code submit}, {@code resubmit}, ...) of a Workflow. */
  public static Builder argoWorkflow(String name, String operation, Workflow workflow) {
    return new Builder(name, "argoWorkflow", operation, workflow.toJson());
  }

  /** The trigger name. */
  public String name() {
    return text("template", "name").orElse("");
  }

  /** {@code k8s}, {@code argoWorkflow}, or another kind's field name. */
  public String kind() {
    var it = node().path("template").fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!f.equals("name") && !f.equals("conditions") && !f.equals("conditionsReset")) {
        return f;
      }
    }
    return "";
  }

  /** The resource the trigger creates. */
  public Optional<JsonNode> resource() {
    JsonNode r = node().path("template").path(kind()).path("source").path("resource");
    return r.isObject() ? Optional.of(r.deepCopy()) : Optional.empty();
  }

  /** The resource parameters. */
  public List<TriggerParameter> parameters() {
    List<TriggerParameter> out = new ArrayList<>();
    for (JsonNode p : node().path("template").path(kind()).path("parameters")) {
      JsonNode src = p.path("src");
      out.add(
          new TriggerParameter(
              src.path("dependencyName").asText(),
              Trees.text(src, "dataKey"),
              Trees.text(src, "dataTemplate"),
              Trees.text(src, "value"),
              p.path("dest").asText(),
              Trees.text(p, "operation")));
    }
    return List.copyOf(out);
  }

  /** Whether the trigger is at-least-once. */
  public boolean atLeastOnce() {
    return node().path("atLeastOnce").asBoolean(false);
  }

  /** Builds a {@link SensorTrigger}. */
  public static final class Builder {
    private final ObjectNode node = Trees.object();
    private final ObjectNode kindNode;

    Builder(String name, String kind, String operation, JsonNode resource) {
      ObjectNode t = node.putObject("template");
      t.put("name", Objects.requireNonNull(name, "name"));
      kindNode = t.putObject(kind);
      kindNode.put("operation", operation);
      kindNode.putObject("source").set("resource", resource);
    }

    /** Adds a resource parameter. */
    public Builder parameter(TriggerParameter p) {
      ObjectNode n = Trees.arr(kindNode, "parameters").addObject();
      ObjectNode src = n.putObject("src");
      src.put("dependencyName", p.dependencyName());
      p.dataKey().ifPresent(k -> src.put("dataKey", k));
      p.dataTemplate().ifPresent(k -> src.put("dataTemplate", k));
      p.value().ifPresent(k -> src.put("value", k));
      n.put("dest", p.dest());
      p.operation().ifPresent(o -> n.put("operation", o));
      return this;
    }

    /** Retries a failed trigger {@code steps} times with a backoff. */
    public Builder retryStrategy(int steps, String duration, int factor) {
      ObjectNode r = node.putObject("retryStrategy");
      r.put("steps", steps);
      r.put("duration", duration);
      r.put("factor", factor);
      return this;
    }

    /** Acks the event only after the trigger ran (Argo's {@code atLeastOnce}). */
    public Builder atLeastOnce(boolean on) {
      node.put("atLeastOnce", on);
      return this;
    }

    /** Builds the trigger. */
    public SensorTrigger build() {
      return new SensorTrigger(node);
    }
  }
}
