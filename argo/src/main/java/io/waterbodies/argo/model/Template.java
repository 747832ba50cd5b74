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
 * An Argo template: a container, script, resource, steps, dag or suspend template, with its inputs,
 * outputs, retry strategy, semaphores and volumes.
 */
public final class Template extends ArgoObject {
  Template(ObjectNode node) {
    super(node);
  }

  /** Wraps a template object read from a manifest. */
  public static Template of(ObjectNode node) {
    return new Template(node);
  }

  /** Starts a template named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The template name. */
  public String name() {
    return text("name").orElse("");
  }

  /** What the template does. */
  public TemplateType type() {
    for (TemplateType t : TemplateType.values()) {
      if (t != TemplateType.OTHER && node().has(t.field())) {
        return t;
      }
    }
    return TemplateType.OTHER;
  }

  /** The groups of a steps template, in order (empty for other kinds). */
  public List<List<Step>> steps() {
    List<List<Step>> out = new ArrayList<>();
    for (JsonNode group : node().path("steps")) {
      out.add(Trees.list(group, Step::new));
    }
    return List.copyOf(out);
  }

  /** The tasks of a dag template (empty for other kinds). */
  public List<Step> dagTasks() {
    return Trees.list(node().path("dag").path("tasks"), Step::new);
  }

  /** Input parameters. */
  public List<Parameter> inputParameters() {
    return Trees.list(node().path("inputs").path("parameters"), Parameter::new);
  }

  /** Output parameters. */
  public List<Parameter> outputParameters() {
    return Trees.list(node().path("outputs").path("parameters"), Parameter::new);
  }

  /** Input artifacts. */
  public List<Artifact> inputArtifacts() {
    return Trees.list(node().path("inputs").path("artifacts"), Artifact::new);
  }

  /** Output artifacts. */
  public List<Artifact> outputArtifacts() {
    return Trees.list(node().path("outputs").path("artifacts"), Artifact::new);
  }

  /** The container or script image. */
  public Optional<String> image() {
    return text("container", "image").or(() -> text("script", "image"));
  }

  /** The resource template's action ({@code create}, {@code apply}, ...). */
  public Optional<String> resourceAction() {
    return text("resource", "action");
  }

  /** The resource template's manifest text. */
  public Optional<String> resourceManifest() {
    return text("resource", "manifest");
  }

  /** The retry strategy. */
  public Optional<RetryStrategy> retryStrategy() {
    JsonNode r = node().get("retryStrategy");
    if (r == null || !r.isObject()) {
      return Optional.empty();
    }
    int limit;
    try {
      limit = r.has("limit") ? Integer.parseInt(r.get("limit").asText("0").trim()) : 0;
    } catch (NumberFormatException e) {
      // An expression such as {{inputs.parameters.retries}}: only known at run time.
      limit = 0;
    }
    JsonNode b = r.path("backoff");
    return Optional.of(
        new RetryStrategy(
            limit,
            Trees.text(r, "retryPolicy"),
            Trees.text(b, "duration"),
            b.has("factor") ? Optional.of(b.get("factor").asInt()) : Optional.empty(),
            Trees.text(b, "maxDuration")));
  }

  /** Names of the semaphores ({@code configMapKeyRef} name/key) the template holds. */
  public List<String> semaphores() {
    List<String> out = new ArrayList<>();
    for (JsonNode s : node().path("synchronization").path("semaphores")) {
      JsonNode ref = s.path("configMapKeyRef");
      out.add(ref.path("name").asText() + "/" + ref.path("key").asText());
    }
    return List.copyOf(out);
  }

  /** A builder initialised with this template, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link Template}. */
  public static final class Builder {
    private final ObjectNode node;

    Builder(String name) {
      node = Trees.object();
      node.put("name", Objects.requireNonNull(name, "name"));
    }

    Builder(ObjectNode node) {
      this.node = node;
    }

    /** A container template running {@code image} with a command and arguments. */
    public Builder container(String image, List<String> command, List<String> args) {
      ObjectNode c = node.putObject("container");
      c.put("image", image);
      strings(c, "command", command);
      strings(c, "args", args);
      return this;
    }

    /** A container template with a raw Kubernetes container object. */
    public Builder container(JsonNode container) {
      node.set("container", container.deepCopy());
      return this;
    }

    /** A script template running {@code source} with {@code command} in {@code image}. */
    public Builder script(String image, List<String> command, String source) {
      ObjectNode s = node.putObject("script");
      s.put("image", image);
      strings(s, "command", command);
      s.put("source", source);
      return this;
    }

    /** A resource template applying {@code action} to a manifest. */
    public Builder resource(String action, String manifest) {
      ObjectNode r = node.putObject("resource");
      r.put("action", action);
      r.put("manifest", manifest);
      return this;
    }

    /** Resource template: when the resource counts as succeeded / failed. */
    public Builder resourceConditions(String successCondition, String failureCondition) {
      ObjectNode r = Trees.obj(node, "resource");
      r.put("successCondition", successCondition);
      r.put("failureCondition", failureCondition);
      return this;
    }

    /** Resource template: owner reference to the workflow so the resource is deleted with it. */
    public Builder resourceOwnedByWorkflow(boolean owned) {
      Trees.obj(node, "resource").put("setOwnerReference", owned);
      return this;
    }

    /** Appends a group of steps that run in parallel; groups run in order. */
    public Builder stepGroup(Step... steps) {
      ArrayNode group = Trees.arr(node, "steps").addArray();
      for (Step s : steps) {
        group.add(s.toJson());
      }
      return this;
    }

    /** Appends a DAG task. */
    public Builder dagTask(Step task) {
      Trees.arr(node, "tasks", "dag").add(task.toJson());
      return this;
    }

    /** A suspend template. */
    public Builder suspend(Optional<String> duration) {
      ObjectNode s = node.putObject("suspend");
      duration.ifPresent(d -> s.put("duration", d));
      return this;
    }

    /** Adds an input parameter. */
    public Builder input(Parameter parameter) {
      Trees.arr(node, "parameters", "inputs").add(parameter.toJson());
      return this;
    }

    /** Adds an input artifact. */
    public Builder input(Artifact artifact) {
      Trees.arr(node, "artifacts", "inputs").add(artifact.toJson());
      return this;
    }

    /** Adds an output parameter. */
    public Builder output(Parameter parameter) {
      Trees.arr(node, "parameters", "outputs").add(parameter.toJson());
      return this;
    }

    /** Adds an output artifact. */
    public Builder output(Artifact artifact) {
      Trees.arr(node, "artifacts", "outputs").add(artifact.toJson());
      return this;
    }

    /** Adds an environment variable to the container or script. */
    public Builder env(String name, String value) {
      ObjectNode e = Trees.arr(node, "env", mainContainerField()).addObject();
      e.put("name", name);
      e.put("value", value);
      return this;
    }

    /**
     * Adds an environment variable read from a key of a Kubernetes Secret, so the credential is
     * never written into the manifest.
     *
     * @param optional true: the pod starts without the variable when the Secret or key is missing
     */
    public Builder envFromSecret(String name, SecretKeyRef secret, boolean optional) {
      ObjectNode e = Trees.arr(node, "env", mainContainerField()).addObject();
      e.put("name", name);
      secret.writeTo(e.putObject("valueFrom").putObject("secretKeyRef")).put("optional", optional);
      return this;
    }

    /** Mounts a volume in the container or script. */
    public Builder volumeMount(String volume, String mountPath) {
      ObjectNode m = Trees.arr(node, "volumeMounts", mainContainerField()).addObject();
      m.put("name", volume);
      m.put("mountPath", mountPath);
      return this;
    }

    /** Adds a pod volume (a Kubernetes {@code Volume} object). */
    public Builder volume(JsonNode volume) {
      Trees.arr(node, "volumes").add(volume.deepCopy());
      return this;
    }

    /** Sets the retry strategy. */
    public Builder retryStrategy(RetryStrategy strategy) {
      ObjectNode r = node.putObject("retryStrategy");
      // The schema types limit as IntOrString rendered as a string; Argo accepts both.
      r.put("limit", Integer.toString(strategy.limit()));
      strategy.retryPolicy().ifPresent(p -> r.put("retryPolicy", p));
      if (strategy.backoffDuration().isPresent()) {
        ObjectNode b = r.putObject("backoff");
        b.put("duration", strategy.backoffDuration().get());
        strategy.backoffFactor().ifPresent(f -> b.put("factor", f));
        strategy.backoffMaxDuration().ifPresent(m -> b.put("maxDuration", m));
      }
      return this;
    }

    /** Holds a semaphore (Argo v4 {@code synchronization.semaphores}) from a ConfigMap key. */
    public Builder semaphore(String configMapName, String key) {
      ObjectNode ref =
          Trees.arr(node, "semaphores", "synchronization").addObject().putObject("configMapKeyRef");
      ref.put("name", configMapName);
      ref.put("key", key);
      return this;
    }

    /** Sets any other template field, e.g. {@code activeDeadlineSeconds} or {@code metadata}. */
    public Builder set(String field, JsonNode value) {
      node.set(field, value.deepCopy());
      return this;
    }

    private String mainContainerField() {
      if (node.has("script")) {
        return "script";
      }
      if (node.has("container")) {
        return "container";
      }
      throw new IllegalStateException(
          "template '" + node.path("name").asText() + "': set container or script first");
    }

    private static void strings(ObjectNode parent, String field, List<String> values) {
      if (!values.isEmpty()) {
        ArrayNode a = parent.putArray(field);
        values.forEach(a::add);
      }
    }

    /** Builds the template. */
    public Template build() {
      Template t = new Template(node);
      if (t.type() == TemplateType.OTHER) {
        throw new IllegalStateException(
            "template '"
                + t.name()
                + "' has no kind: set container, script, resource, steps,"
                + " dag or suspend");
      }
      return t;
    }
  }
}
