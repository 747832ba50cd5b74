package io.waterbodies.argo.runner.internal;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.WorkflowSpecs;
import java.util.HashMap;
import java.util.Map;

/** Templates visible from a node: the local spec's, named after their owner for messages. */
public final class Scope {
  private final WorkflowSpecs spec;
  private final String owner;
  private final Map<String, Template> byName = new HashMap<>();

  /** The templates of the workflow itself. */
  public Scope(WorkflowSpecs spec) {
    this(spec, "");
  }

  /** The templates of the WorkflowTemplate {@code owner}. */
  public Scope(WorkflowSpecs spec, String owner) {
    this.spec = spec;
    this.owner = owner;
    spec.templates().forEach(t -> byName.put(t.name(), t));
  }

  /** The spec the templates belong to. */
  public WorkflowSpecs spec() {
    return spec;
  }

  /** {@code template}, or {@code owner/template} for a referenced WorkflowTemplate's. */
  public String key(String template) {
    return owner.isEmpty() ? template : owner + "/" + template;
  }

  /**
   * The named template.
   *
   * @throws ArgoException when there is none
   */
  public Template template(String name) {
    Template t = byName.get(name);
    if (t == null) {
      throw new ArgoException("template '" + key(name) + "' does not exist");
    }
    return t;
  }
}
