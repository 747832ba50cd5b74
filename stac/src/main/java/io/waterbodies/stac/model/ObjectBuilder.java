package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Collection;
import java.util.Objects;

/** What the Catalog, Collection and Item builders share. */
abstract class ObjectBuilder<B extends ObjectBuilder<B>> {
  final ObjectNode node;
  URI location;

  ObjectBuilder(ObjectNode node, URI location) {
    this.node = node;
    this.location = location;
  }

  @SuppressWarnings("unchecked")
  B self() {
    return (B) this;
  }

  /** Sets the identifier. */
  public B id(String id) {
    node.put("id", Objects.requireNonNull(id, "id"));
    return self();
  }

  /** Sets the STAC version ({@link StacObject#V1_1_0} by default). */
  public B stacVersion(String version) {
    node.put("stac_version", Objects.requireNonNull(version, "version"));
    return self();
  }

  /** Declares an extension schema URI, once. */
  public B stacExtension(String schemaUri) {
    ArrayNode a = node.withArray("stac_extensions");
    for (JsonNode v : a) {
      if (v.asText().equals(schemaUri)) {
        return self();
      }
    }
    a.add(schemaUri);
    return self();
  }

  /** Appends a link. */
  public B link(Link link) {
    node.withArray("links").add(link.toJson());
    return self();
  }

  /** Replaces all links. */
  public B links(Collection<Link> links) {
    ArrayNode a = node.putArray("links");
    links.forEach(l -> a.add(l.toJson()));
    return self();
  }

  /** Removes every link with relation {@code rel}. */
  public B removeLinks(String rel) {
    JsonNode a = node.get("links");
    if (a instanceof ArrayNode arr) {
      for (int i = arr.size() - 1; i >= 0; i--) {
        if (rel.equals(arr.get(i).path("rel").asText())) {
          arr.remove(i);
        }
      }
    }
    return self();
  }

  /** Sets a top-level field (copied), e.g. a vendor field. */
  public B field(String name, JsonNode value) {
    node.set(name, value.deepCopy());
    return self();
  }

  /** Removes a top-level field. */
  public B removeField(String name) {
    node.remove(name);
    return self();
  }

  /** Sets where the document lives (used to resolve relative hrefs); not written to JSON. */
  public B location(URI location) {
    this.location = location;
    return self();
  }
}
