package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.Objects;
import java.util.Optional;

/** An Argo artifact (template input or output): a named file or directory with a location. */
public final class Artifact extends ArgoObject {
  Artifact(ObjectNode node) {
    super(node);
  }

  /** Wraps an artifact object read from a manifest. */
  public static Artifact of(ObjectNode node) {
    return new Artifact(node);
  }

  /** An artifact at a path in the container, with no explicit location (the default repository). */
  public static Artifact atPath(String name, String path) {
    ObjectNode n = Trees.object();
    n.put("name", Objects.requireNonNull(name, "name"));
    n.put("path", Objects.requireNonNull(path, "path"));
    return new Artifact(n);
  }

  /** An artifact with an explicit location object (e.g. {@code s3}, {@code http}, {@code raw}). */
  public static Artifact withLocation(String name, String path, String kind, JsonNode location) {
    ObjectNode n = atPath(name, path).toJson();
    n.set(kind, location.deepCopy());
    return new Artifact(n);
  }

  /** The artifact name. */
  public String name() {
    return text("name").orElse("");
  }

  /** The path in the container. */
  public Optional<String> path() {
    return text("path");
  }
}
