package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Any top-level STAC document: a {@link Catalog}, {@link Collection}, {@link Item} or {@link
 * ItemCollection}. Documents are immutable; builders make changed copies.
 */
@JsonDeserialize(using = StacDocuments.AnyDeserializer.class)
public sealed interface StacDocument permits StacObject, ItemCollection {
  /** The GeoJSON/STAC {@code type}: {@code Feature}, {@code Catalog}, ... */
  String type();

  /** The links, in document order. */
  List<Link> links();

  /** The links with relation {@code rel}. */
  default List<Link> links(String rel) {
    return links().stream().filter(l -> l.rel().equals(rel)).toList();
  }

  /** The first link with relation {@code rel}. */
  default Optional<Link> link(String rel) {
    return links().stream().filter(l -> l.rel().equals(rel)).findFirst();
  }

  /** Fields without a typed accessor, copied. */
  Map<String, JsonNode> extraFields();

  /** The JSON of the document, a deep copy. Equal documents have equal JSON. */
  ObjectNode toJson();

  /**
   * Where the document was read from, used to resolve relative hrefs; empty for documents built in
   * memory. Not part of the JSON and not compared by {@code equals}.
   */
  Optional<URI> location();

  /** A copy that records {@code location} as where the document lives. */
  StacDocument withLocation(URI location);
}
