package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.List;
import java.util.Optional;

/** Typed reads of a Workflow or WorkflowTemplate {@code spec}; shared by both kinds. */
public interface WorkflowSpecs {
  /** The raw spec. */
  ObjectNode spec();

  /** {@code spec.entrypoint}. */
  default Optional<String> entrypoint() {
    return Trees.text(spec(), "entrypoint");
  }

  /** {@code spec.templates}. */
  default List<Template> templates() {
    return Trees.list(spec().path("templates"), Template::new);
  }

  /** The template named {@code name}. */
  default Optional<Template> template(String name) {
    return templates().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** {@code spec.arguments.parameters}. */
  default List<Parameter> arguments() {
    return Trees.list(spec().path("arguments").path("parameters"), Parameter::new);
  }

  /** {@code spec.onExit}. */
  default Optional<String> onExit() {
    return Trees.text(spec(), "onExit");
  }

  /** {@code spec.serviceAccountName}. */
  default Optional<String> serviceAccountName() {
    return Trees.text(spec(), "serviceAccountName");
  }

  /** {@code spec.workflowTemplateRef.name}. */
  default Optional<String> workflowTemplateRef() {
    return Trees.text(spec(), "workflowTemplateRef", "name");
  }

  /** {@code spec.podGC.strategy}. */
  default Optional<String> podGcStrategy() {
    return Trees.text(spec(), "podGC", "strategy");
  }

  /** {@code spec.volumeClaimTemplates} (Kubernetes PersistentVolumeClaim objects). */
  default List<JsonNode> volumeClaimTemplates() {
    return Trees.list(spec().path("volumeClaimTemplates"), o -> (JsonNode) o);
  }

  /** Spec setters shared by the Workflow and WorkflowTemplate builders. */
  @SuppressWarnings("unchecked")
  abstract class Builder<B extends Builder<B, R>, R extends ArgoResource>
      extends ArgoResource.Builder<B, R> {
    Builder(String kind) {
      super(kind);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    /** Sets the template run first. */
    public B entrypoint(String template) {
      spec().put("entrypoint", template);
      return (B) this;
    }

    /** Adds a template. */
    public B template(Template template) {
      Trees.arr(spec(), "templates").add(template.toJson());
      return (B) this;
    }

    /** Adds a workflow argument with a value. */
    public B argument(String name, String value) {
      return argument(Parameter.of(name, value));
    }

    /** Adds a workflow argument. */
    public B argument(Parameter parameter) {
      Trees.arr(spec(), "parameters", "arguments").add(parameter.toJson());
      return (B) this;
    }

    /** Sets the template run when the workflow ends, whatever its status. */
    public B onExit(String template) {
      spec().put("onExit", template);
      return (B) this;
    }

    /** Sets the service account of the workflow's pods. */
    public B serviceAccountName(String account) {
      spec().put("serviceAccountName", account);
      return (B) this;
    }

    /** Runs the spec of a WorkflowTemplate instead of local templates. */
    public B workflowTemplateRef(String workflowTemplate) {
      Trees.obj(spec(), "workflowTemplateRef").put("name", workflowTemplate);
      return (B) this;
    }

    /** Sets the pod garbage collection strategy, e.g. {@code OnPodSuccess}. */
    public B podGc(String strategy) {
      Trees.obj(spec(), "podGC").put("strategy", strategy);
      return (B) this;
    }

    /** Adds a workflow-level semaphore (Argo v4 {@code synchronization.semaphores}). */
    public B semaphore(String configMapName, String key) {
      ObjectNode ref =
          Trees.arr(spec(), "semaphores", "synchronization")
              .addObject()
              .putObject("configMapKeyRef");
      ref.put("name", configMapName);
      ref.put("key", key);
      return (B) this;
    }

    /** Adds a volume shared by the workflow's pods. */
    public B volume(JsonNode volume) {
      Trees.arr(spec(), "volumes").add(volume.deepCopy());
      return (B) this;
    }

    /** Adds a PersistentVolumeClaim created for the workflow and deleted with it. */
    public B volumeClaimTemplate(String name, String accessMode, String storage) {
      ObjectNode pvc = Trees.arr(spec(), "volumeClaimTemplates").addObject();
      pvc.putObject("metadata").put("name", name);
      ObjectNode s = pvc.putObject("spec");
      s.putArray("accessModes").add(accessMode);
      s.putObject("resources").putObject("requests").put("storage", storage);
      return (B) this;
    }
  }
}
