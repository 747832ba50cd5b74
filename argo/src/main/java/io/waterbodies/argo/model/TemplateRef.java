package io.waterbodies.argo.model;

import java.util.Objects;

/**
 * A reference to a template inside a WorkflowTemplate ({@code templateRef}): the WorkflowTemplate
 * name and the template name, optionally cluster scoped.
 */
public record TemplateRef(String name, String template, boolean clusterScope) {
  /** Checks the fields. */
  public TemplateRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(template, "template");
  }

  /** A namespaced reference. */
  public static TemplateRef of(String workflowTemplate, String template) {
    return new TemplateRef(workflowTemplate, template, false);
  }
}
