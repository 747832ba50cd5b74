package io.waterbodies.argo.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.k8s.InvalidResourceException;
import io.waterbodies.argo.k8s.ResourceNames;
import java.util.Set;

/**
 * Where an object lives on the API server and how messages name it: its REST path (core group or
 * {@code /apis/<group>/<version>}, namespaced or cluster-scoped), its namespace (the object's, else
 * the client's default) and {@code Kind ns/name}.
 */
public final class ObjectAddress {
  // Argo Events' list of cluster-scoped resources, plus the cluster-scoped kinds our bundle uses.
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "namespaces",
          "nodes",
          "persistentvolumes",
          "clusterroles",
          "clusterrolebindings",
          "clusterworkflowtemplates",
          "storageclasses",
          "customresourcedefinitions");

  private final String namespace;

  /** Addresses objects that name no namespace in {@code namespace}. */
  public ObjectAddress(String namespace) {
    this.namespace = namespace;
  }

  /**
   * The REST path of a collection ({@code name} null) or object: {@code /api/v1/...} for the core
   * group, {@code /apis/<group>/<version>/...} otherwise; no namespace for cluster-scoped kinds.
   */
  public static String path(String apiVersion, String kind, String ns, String name) {
    String plural = ResourceNames.plural(kind);
    StringBuilder p =
        new StringBuilder(apiVersion.contains("/") ? "/apis/" : "/api/").append(apiVersion);
    if (!CLUSTER_SCOPED.contains(plural)) {
      p.append("/namespaces/").append(ns);
    }
    p.append('/').append(plural);
    if (name != null) {
      p.append('/').append(name);
    }
    return p.toString();
  }

  /** The object's path, in its namespace or the default one. */
  public String pathOf(ObjectNode object, String name) {
    return path(apiVersion(object), kind(object), namespaceOf(object), name);
  }

  /** The object's namespace, else the default one. */
  public String namespaceOf(JsonNode object) {
    String ns = object.path("metadata").path("namespace").asText("");
    return ns.isEmpty() ? namespace : ns;
  }

  /** {@code Kind ns/name} for messages; a {@code generateName} shows as a prefix with {@code *}. */
  public String describe(JsonNode object) {
    String kind = object.path("kind").asText("object");
    return kind + " " + scope(kind, namespaceOf(object)) + nameOf(object);
  }

  /** {@code Kind ns/name} of an object given by its parts. */
  public static String describe(String kind, String ns, String name) {
    return kind + " " + scope(kind, ns) + name;
  }

  /**
   * The object's {@code metadata.name}.
   *
   * @throws InvalidResourceException when it has none
   */
  public String requireName(ObjectNode object) {
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw new InvalidResourceException(
          "the object has no metadata.name", describe(object), 0, null);
    }
    return name;
  }

  private static String apiVersion(ObjectNode object) {
    String v = object.path("apiVersion").asText("");
    if (v.isEmpty()) {
      throw new InvalidResourceException(
          "the object has no apiVersion", describeAsIs(object), 0, null);
    }
    return v;
  }

  private static String kind(ObjectNode object) {
    String k = object.path("kind").asText("");
    if (k.isEmpty()) {
      throw new InvalidResourceException("the object has no kind", describeAsIs(object), 0, null);
    }
    return k;
  }

  /** Without a kind, whether the object is cluster-scoped is unknown: its own namespace only. */
  private static String describeAsIs(JsonNode object) {
    String ns = object.path("metadata").path("namespace").asText("");
    return object.path("kind").asText("object")
        + " "
        + (ns.isEmpty() ? "" : ns + "/")
        + nameOf(object);
  }

  private static String nameOf(JsonNode object) {
    JsonNode meta = object.path("metadata");
    String name = meta.path("name").asText("");
    return name.isEmpty() ? meta.path("generateName").asText("") + "*" : name;
  }

  private static String scope(String kind, String ns) {
    return CLUSTER_SCOPED.contains(ResourceNames.plural(kind)) ? "" : ns + "/";
  }
}
