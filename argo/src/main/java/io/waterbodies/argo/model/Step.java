package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One invocation of a template: a step of a {@code steps} template or a task of a {@code dag}
 * template (only DAG tasks carry {@code dependencies}).
 */
public final class Step extends ArgoObject {
  Step(ObjectNode node) {
    super(node);
  }

  /** Wraps a step or task object read from a manifest. */
  public static Step of(ObjectNode node) {
    return new Step(node);
  }

  /** Starts a step named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The step name. */
  public String name() {
    return text("name").orElse("");
  }

  /** The local template it calls. */
  public Optional<String> template() {
    return text("template");
  }

  /** The WorkflowTemplate template it calls. */
  public Optional<TemplateRef> templateRef() {
    JsonNode r = node().get("templateRef");
    if (r == null || !r.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new TemplateRef(
            r.path("name").asText(""),
            r.path("template").asText(""),
            r.path("clusterScope").asBoolean(false)));
  }

  /** The arguments passed to the template. */
  public List<Parameter> arguments() {
    return Trees.list(node().path("arguments").path("parameters"), Parameter::new);
  }

  /** The {@code when} condition. */
  public Optional<String> when() {
    return text("when");
  }

  /** The DAG dependencies (task names). */
  public List<String> dependencies() {
    List<String> out = new ArrayList<>();
    node().path("dependencies").forEach(d -> out.add(d.asText()));
    return List.copyOf(out);
  }

  /** A builder initialised with this step, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link Step}. */
  public static final class Builder {
    private final ObjectNode node;

    Builder(String name) {
      node = Trees.object();
      node.put("name", Objects.requireNonNull(name, "name"));
    }

    Builder(ObjectNode node) {
      this.node = node;
    }

    /** Calls a template of the same workflow. */
    public Builder template(String template) {
      node.remove("templateRef");
      node.put("template", template);
      return this;
    }

    /** Calls a template of a WorkflowTemplate. */
    public Builder templateRef(String workflowTemplate, String template) {
      node.remove("template");
      ObjectNode r = node.putObject("templateRef");
      r.put("name", workflowTemplate);
      r.put("template", template);
      return this;
    }

    /** Passes an argument. */
    public Builder argument(String name, String value) {
      return argument(Parameter.of(name, value));
    }

    /** Passes an argument. */
    public Builder argument(Parameter parameter) {
      Trees.arr(node, "parameters", "arguments").add(parameter.toJson());
      return this;
    }

    /** Passes an artifact argument. */
    public Builder argument(Artifact artifact) {
      Trees.arr(node, "artifacts", "arguments").add(artifact.toJson());
      return this;
    }

    /** Runs the step only when the condition holds. */
    public Builder when(String condition) {
      node.put("when", condition);
      return this;
    }

    /** DAG only: tasks that must succeed first. */
    public Builder dependencies(String... tasks) {
      ArrayNode a = node.putArray("dependencies");
      for (String t : tasks) {
        a.add(t);
      }
      return this;
    }

    /** Builds the step. */
    public Step build() {
      if (!node.has("template") && !node.has("templateRef") && !node.has("inline")) {
        throw new IllegalStateException(
            "step '" + node.path("name").asText() + "' needs a template or templateRef");
      }
      return new Step(node);
    }
  }
}
