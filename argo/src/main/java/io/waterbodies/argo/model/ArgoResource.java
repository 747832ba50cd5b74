package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A top-level Argo resource ({@code argoproj.io/v1alpha1}): Workflow, WorkflowTemplate,
 * ClusterWorkflowTemplate, CronWorkflow, WorkflowEventBinding, EventBus, EventSource or Sensor,
 * with its Kubernetes metadata.
 */
public abstract sealed class ArgoResource extends ArgoObject
    permits Workflow,
        WorkflowTemplate,
        ClusterWorkflowTemplate,
        CronWorkflow,
        WorkflowEventBinding,
        EventBus,
        EventSource,
        Sensor {
  /** The API version of every Argo resource. */
  public static final String API_VERSION = "argoproj.io/v1alpha1";

  ArgoResource(ObjectNode node) {
    super(node);
  }

  /** The {@code kind}, e.g. {@code Workflow}. */
  public String kind() {
    return text("kind").orElse("");
  }

  /** The {@code apiVersion}. */
  public String apiVersion() {
    return text("apiVersion").orElse(API_VERSION);
  }

  /** {@code metadata.name}. */
  public Optional<String> name() {
    return text("metadata", "name");
  }

  /** {@code metadata.generateName}. */
  public Optional<String> generateName() {
    return text("metadata", "generateName");
  }

  /** {@code metadata.namespace}. */
  public Optional<String> namespace() {
    return text("metadata", "namespace");
  }

  /** {@code metadata.labels}. */
  public Map<String, String> labels() {
    Map<String, String> out = new LinkedHashMap<>();
    node()
        .path("metadata")
        .path("labels")
        .properties()
        .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return Map.copyOf(out);
  }

  /** The name, or the generateName prefix, for messages. */
  public String displayName() {
    return name().or(this::generateName).orElse("<unnamed>");
  }

  /** The {@code spec} object. */
  public ObjectNode spec() {
    JsonNode s = node().get("spec");
    return s instanceof ObjectNode o ? o.deepCopy() : Trees.object();
  }

  /** The {@code status} object, present on resources read from a cluster. */
  public Optional<JsonNode> status() {
    return field("status");
  }

  /** Metadata setters shared by every resource builder. */
  @SuppressWarnings("unchecked")
  public abstract static class Builder<B extends Builder<B, R>, R extends ArgoResource> {
    /** The resource being built; subclasses fill the spec. */
    protected final ObjectNode node;

    /** Starts a fresh resource of {@code kind}. */
    protected Builder(String kind) {
      node = Trees.object();
      node.put("apiVersion", API_VERSION);
      node.put("kind", kind);
      node.putObject("metadata");
      node.putObject("spec");
    }

    /** Continues from an existing resource (a copy). */
    protected Builder(ObjectNode existing) {
      node = existing;
    }

    /** Sets {@code metadata.name}. */
    public B name(String name) {
      Trees.obj(node, "metadata").put("name", Objects.requireNonNull(name, "name"));
      return (B) this;
    }

    /** Sets {@code metadata.generateName} (the server appends a random suffix). */
    public B generateName(String prefix) {
      Trees.obj(node, "metadata").put("generateName", prefix);
      return (B) this;
    }

    /** Sets {@code metadata.namespace}. */
    public B namespace(String namespace) {
      Trees.obj(node, "metadata").put("namespace", namespace);
      return (B) this;
    }

    /** Adds a label. */
    public B label(String key, String value) {
      Trees.obj(node, "metadata", "labels").put(key, value);
      return (B) this;
    }

    /** Adds an annotation. */
    public B annotation(String key, String value) {
      Trees.obj(node, "metadata", "annotations").put(key, value);
      return (B) this;
    }

    /** Sets any spec field this builder does not model. */
    public B specField(String field, JsonNode value) {
      Trees.obj(node, "spec").set(field, value.deepCopy());
      return (B) this;
    }

    /** The spec being built. */
    protected ObjectNode spec() {
      return Trees.obj(node, "spec");
    }

    /** Builds the resource. */
    public abstract R build();

    /** Checks that a name or generateName is set. */
    protected void requireName() {
      JsonNode m = node.path("metadata");
      if (!m.has("name") && !m.has("generateName")) {
        throw new IllegalStateException(
            node.path("kind").asText() + " needs metadata.name or metadata.generateName");
      }
    }
  }
}
