package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A STAC Collection: a Catalog with a license, an {@link Extent}, providers, keywords, summaries
 * and optional assets. Immutable.
 */
@JsonDeserialize(using = StacDocuments.CollectionDeserializer.class)
public final class Collection extends JsonBacked implements CatalogLike {
  /** The STAC type of a Collection. */
  public static final String TYPE = "Collection";

  private static final Set<String> KNOWN =
      Set.of(
          "type",
          "stac_version",
          "stac_extensions",
          "id",
          "title",
          "description",
          "keywords",
          "license",
          "providers",
          "extent",
          "summaries",
          "assets",
          "links");

  private final List<Link> links;
  private final Extent extent;
  private final Map<String, Asset> assets;
  private final URI location;

  private Collection(ObjectNode node, String pointer, URI location) {
    super(node, pointer);
    Parts.object(node, TYPE, pointer);
    Shape.requiredString(node, "description", pointer);
    Shape.requiredString(node, "license", pointer);
    Shape.optionalString(node, "title", pointer);
    Shape.stringList(node, "keywords", pointer);
    Shape.optionalObject(node, "summaries", pointer);
    JsonNode extentNode = node.get("extent");
    if (extentNode == null) {
      throw Shape.error(child("extent"), "required field 'extent' is missing");
    }
    this.extent = Extent.parse(extentNode, child("extent"));
    this.links = Parts.links(node, pointer);
    this.assets = Parts.assets(node, "assets", pointer);
    this.location = location;
    providers();
  }

  /** A copy with another location; the JSON and parsed parts are shared (both immutable). */
  private Collection(Collection from, URI location) {
    super(from.node, from.pointer);
    this.links = from.links;
    this.extent = from.extent;
    this.assets = from.assets;
    this.location = location;
  }

  /** A builder for a STAC 1.1.0 collection. */
  public static Builder builder(String id, String description, String license, Extent extent) {
    ObjectNode n = Json.object();
    n.put("type", TYPE);
    n.put("stac_version", V1_1_0);
    n.putArray("stac_extensions");
    n.put("id", Objects.requireNonNull(id, "id"));
    n.put("description", Objects.requireNonNull(description, "description"));
    n.put("license", Objects.requireNonNull(license, "license"));
    n.set("extent", extent.toJson());
    n.putArray("links");
    return new Builder(n, null);
  }

  /**
   * A collection from its JSON (copied).
   *
   * @throws io.waterbodies.stac.StacFormatException naming the JSON pointer when it is not one
   */
  public static Collection fromJson(JsonNode json) {
    return new Collection(Shape.object(json, "", "a Collection").deepCopy(), "", null);
  }

  static Collection adopt(ObjectNode json) {
    return new Collection(json, "", null);
  }

  @Override
  Set<String> knownFields() {
    return KNOWN;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String id() {
    return node.get("id").textValue();
  }

  @Override
  public String stacVersion() {
    return node.get("stac_version").textValue();
  }

  @Override
  public List<String> stacExtensions() {
    return Shape.stringList(node, "stac_extensions", pointer);
  }

  @Override
  public Optional<String> title() {
    return string("title");
  }

  @Override
  public String description() {
    return node.get("description").textValue();
  }

  /**
   * The license: an SPDX identifier, {@code other}, or (1.0) {@code proprietary}/{@code various}.
   */
  public String license() {
    return node.get("license").textValue();
  }

  /** The keywords. */
  public List<String> keywords() {
    return Shape.stringList(node, "keywords", pointer);
  }

  /** The providers. */
  public List<Provider> providers() {
    return new ProvidersView(node, pointer).providers();
  }

  /** The extent. */
  public Extent extent() {
    return extent;
  }

  /** The summaries by property name, copied. */
  public Map<String, JsonNode> summaries() {
    JsonNode s = node.get("summaries");
    if (s == null || !s.isObject()) {
      return Map.of();
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      out.put(e.getKey(), e.getValue().deepCopy());
    }
    return Collections.unmodifiableMap(out);
  }

  /** The collection-level assets by key. */
  public Map<String, Asset> assets() {
    return assets;
  }

  @Override
  public List<Link> links() {
    return links;
  }

  @Override
  public Optional<URI> location() {
    return Optional.ofNullable(location);
  }

  @Override
  public Collection withLocation(URI location) {
    return new Collection(this, location);
  }

  /** A builder starting from this collection. */
  public Builder toBuilder() {
    return new Builder(node.deepCopy(), location);
  }

  /** Reads the providers array through the common-metadata accessor. */
  private static final class ProvidersView extends JsonBacked implements CommonMetadata {
    ProvidersView(ObjectNode node, String pointer) {
      super(node, pointer);
    }

    @Override
    Set<String> knownFields() {
      return Set.of();
    }
  }

  /** Builds a {@link Collection}. */
  public static final class Builder extends ObjectBuilder<Builder> {
    private Builder(ObjectNode node, URI location) {
      super(node, location);
    }

    /** Sets the title. */
    public Builder title(String title) {
      node.put("title", title);
      return this;
    }

    /** Sets the description. */
    public Builder description(String description) {
      node.put("description", description);
      return this;
    }

    /** Sets the license. */
    public Builder license(String license) {
      node.put("license", license);
      return this;
    }

    /** Sets the extent. */
    public Builder extent(Extent extent) {
      node.set("extent", extent.toJson());
      return this;
    }

    /** Adds keywords. */
    public Builder keywords(String... keywords) {
      ArrayNode a = node.withArray("keywords");
      for (String k : keywords) {
        a.add(k);
      }
      return this;
    }

    /** Adds a provider. */
    public Builder provider(Provider provider) {
      node.withArray("providers").add(provider.toJson());
      return this;
    }

    /** Sets a summary (copied). */
    public Builder summary(String name, JsonNode value) {
      node.withObject("summaries").set(name, value.deepCopy());
      return this;
    }

    /** Adds or replaces a collection-level asset. */
    public Builder asset(String key, Asset asset) {
      node.withObject("assets").set(key, asset.toJson());
      return this;
    }

    /**
     * The collection.
     *
     * @throws io.waterbodies.stac.StacFormatException when the fields do not make a Collection
     */
    public Collection build() {
      return new Collection(node.deepCopy(), "", location);
    }
  }
}
