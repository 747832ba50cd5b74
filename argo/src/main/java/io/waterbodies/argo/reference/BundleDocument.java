package io.waterbodies.argo.reference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import java.util.Locale;

/**
 * One Kubernetes document of a {@link Bundle}: an Argo resource or a plain Kubernetes object
 * (ServiceAccount, Role, RoleBinding, Deployment).
 *
 * @param kind the {@code kind}
 * @param name {@code metadata.name} (or the {@code generateName} prefix)
 * @param json the document (a copy is kept and handed out)
 */
public record BundleDocument(String kind, String name, ObjectNode json) {
  /** Copies the document. */
  public BundleDocument {
    json = json.deepCopy();
  }

  /** The document of an Argo resource. */
  public static BundleDocument of(ArgoResource resource) {
    return new BundleDocument(resource.kind(), resource.displayName(), resource.toJson());
  }

  /** The document of a plain Kubernetes object. */
  static BundleDocument of(ObjectNode object) {
    return new BundleDocument(
        Trees.text(object, "kind").orElse(""),
        Trees.text(object, "metadata", "name").orElse(""),
        object);
  }

  /** A copy of the document. */
  @Override
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** The {@code apiVersion}. */
  public String apiVersion() {
    return Trees.text(json, "apiVersion").orElse("");
  }

  /** True for Argo Workflows and Argo Events resources ({@code argoproj.io}). */
  public boolean isArgo() {
    return apiVersion().startsWith("argoproj.io/");
  }

  /** The file name: {@code <kind>-<name>.yaml}, lower case. */
  public String fileName() {
    return kind.toLowerCase(Locale.ROOT) + "-" + name + ".yaml";
  }

  /** The document as YAML. */
  public String toYaml() {
    return ArgoManifests.toYaml(json, kind + " " + name);
  }
}
