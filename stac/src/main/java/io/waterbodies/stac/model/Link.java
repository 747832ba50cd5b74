package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonPointers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A STAC link: {@code rel} and {@code href}, optional media {@code type} and {@code title}, and the
 * STAC API / 1.1 request fields {@code method}, {@code headers}, {@code body} and {@code merge}
 * (used by paginated POST searches). Unknown fields are kept.
 */
public final class Link extends JsonBacked {
  private static final Set<String> KNOWN =
      Set.of("rel", "href", "type", "title", "method", "headers", "body", "merge");

  /** {@code self}: the absolute location of the document. */
  public static final String REL_SELF = "self";

  /** {@code root}: the root catalog. */
  public static final String REL_ROOT = "root";

  /** {@code parent}: the parent catalog or collection. */
  public static final String REL_PARENT = "parent";

  /** {@code child}: a child catalog or collection. */
  public static final String REL_CHILD = "child";

  /** {@code item}: an item of a catalog or collection. */
  public static final String REL_ITEM = "item";

  /** {@code collection}: the collection an item belongs to. */
  public static final String REL_COLLECTION = "collection";

  /** {@code next}: the next page of a paginated response. */
  public static final String REL_NEXT = "next";

  private Link(ObjectNode node, String pointer) {
    super(node, pointer);
  }

  /** A link with only {@code rel} and {@code href}. */
  public static Link of(String rel, String href) {
    return builder(rel, href).build();
  }

  /** A builder for a link with {@code rel} and {@code href}. */
  public static Builder builder(String rel, String href) {
    return new Builder(Json.object()).rel(rel).href(href);
  }

  /**
   * A link from its JSON (copied).
   *
   * @throws io.waterbodies.stac.StacFormatException when {@code rel} or {@code href} is missing or
   *     a field has the wrong JSON type
   */
  public static Link fromJson(JsonNode json) {
    return parse(Shape.object(json, "", "a link").deepCopy(), "");
  }

  static Link parse(JsonNode json, String pointer) {
    ObjectNode o = Shape.object(json, pointer, "a link");
    Shape.requiredString(o, "rel", pointer);
    Shape.requiredString(o, "href", pointer);
    Shape.optionalString(o, "type", pointer);
    Shape.optionalString(o, "title", pointer);
    Shape.optionalString(o, "method", pointer);
    Shape.optionalObject(o, "headers", pointer);
    JsonNode merge = o.get("merge");
    if (merge != null && !merge.isBoolean()) {
      throw Shape.error(child(pointer, "merge"), "'merge' must be a boolean");
    }
    return new Link(o, pointer);
  }

  private static String child(String pointer, String name) {
    return JsonPointers.child(pointer, name);
  }

  @Override
  Set<String> knownFields() {
    return KNOWN;
  }

  /** The relation type, e.g. {@code self}, {@code item}, {@code next}. */
  public String rel() {
    return node.get("rel").textValue();
  }

  /** The target, absolute or relative to the document's location. */
  public String href() {
    return node.get("href").textValue();
  }

  /** The media type of the target. */
  public Optional<String> type() {
    return string("type");
  }

  /** A human-readable title. */
  public Optional<String> title() {
    return string("title");
  }

  /** The HTTP method to follow the link with; {@code GET} when absent. */
  public String method() {
    return string("method").orElse("GET");
  }

  /**
   * The HTTP headers to send when following the link; a header given as an array of strings has
   * several values.
   */
  public Map<String, List<String>> headers() {
    JsonNode h = node.get("headers");
    if (h == null || !h.isObject()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : h.properties()) {
      if (e.getValue().isArray()) {
        out.put(
            e.getKey(),
            Shape.elements((ArrayNode) e.getValue()).stream().map(JsonNode::asText).toList());
      } else {
        out.put(e.getKey(), List.of(e.getValue().asText()));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The request body to send when following the link (POST pagination), a copy. */
  public Optional<JsonNode> body() {
    return field("body");
  }

  /** Whether {@link #body()} is merged into the previous request body; false when absent. */
  public boolean merge() {
    JsonNode m = node.get("merge");
    return m != null && m.booleanValue();
  }

  /** A builder starting from this link. */
  public Builder toBuilder() {
    return new Builder(node.deepCopy());
  }

  /** Builds a {@link Link}; {@link #build()} checks it. */
  public static final class Builder {
    private final ObjectNode node;

    private Builder(ObjectNode node) {
      this.node = node;
    }

    /** Sets the relation type. */
    public Builder rel(String rel) {
      node.put("rel", Objects.requireNonNull(rel, "rel"));
      return this;
    }

    /** Sets the target. */
    public Builder href(String href) {
      node.put("href", Objects.requireNonNull(href, "href"));
      return this;
    }

    /** Sets the media type. */
    public Builder type(String type) {
      node.put("type", Objects.requireNonNull(type, "type"));
      return this;
    }

    /** Sets the title. */
    public Builder title(String title) {
      node.put("title", Objects.requireNonNull(title, "title"));
      return this;
    }

    /** Sets the HTTP method. */
    public Builder method(String method) {
      node.put("method", Objects.requireNonNull(method, "method"));
      return this;
    }

    /** Adds a header with one value. */
    public Builder header(String name, String value) {
      node.withObject("headers").put(name, value);
      return this;
    }

    /** Sets the request body (copied). */
    public Builder body(JsonNode body) {
      node.set("body", body.deepCopy());
      return this;
    }

    /** Sets whether the body is merged into the previous request. */
    public Builder merge(boolean merge) {
      node.put("merge", merge);
      return this;
    }

    /** Sets any other field (copied). */
    public Builder field(String name, JsonNode value) {
      node.set(name, value.deepCopy());
      return this;
    }

    /** The link. */
    public Link build() {
      return parse(node.deepCopy(), "");
    }
  }
}
