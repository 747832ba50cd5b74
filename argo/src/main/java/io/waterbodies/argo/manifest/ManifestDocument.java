package io.waterbodies.argo.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.model.ArgoResource;
import java.util.List;
import java.util.Objects;

/**
 * One document of a manifest file as read, before it is interpreted as a typed resource: deploy
 * folders mix Argo resources with ConfigMaps, Secrets, RBAC and PVCs, which a reader of the whole
 * file must be able to skip.
 *
 * @param location the file (and {@code #n} for the n-th document of several)
 * @param line 1-based line where the document starts
 * @param tree the document as JSON (for a duplicate key, the last value)
 * @param duplicateKeys keys written twice in one mapping
 */
public record ManifestDocument(
    String location, int line, ObjectNode tree, List<DuplicateKey> duplicateKeys) {
  /** Copies the list. */
  public ManifestDocument {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(tree, "tree");
    duplicateKeys = List.copyOf(duplicateKeys);
  }

  /** {@code apiVersion}, empty when absent. */
  public String apiVersion() {
    return tree.path("apiVersion").asText("");
  }

  /** {@code kind}, empty when absent. */
  public String kind() {
    return tree.path("kind").asText("");
  }

  /** {@code metadata.name} or {@code metadata.generateName}, for messages. */
  public String displayName() {
    return tree.path("metadata")
        .path("name")
        .asText(tree.path("metadata").path("generateName").asText("<unnamed>"));
  }

  /** Whether {@link ArgoManifests#fromJson} turns this document into a typed resource. */
  public boolean isSupportedKind() {
    return ArgoResource.API_VERSION.equals(apiVersion()) && ArgoManifests.KINDS.contains(kind());
  }
}
