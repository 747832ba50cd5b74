package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A STAC Catalog: an id, a description and links to children and items. Immutable. */
@JsonDeserialize(using = StacDocuments.CatalogDeserializer.class)
public final class Catalog extends JsonBacked implements CatalogLike {
  /** The STAC type of a Catalog. */
  public static final String TYPE = "Catalog";

  private static final Set<String> KNOWN =
      Set.of("type", "stac_version", "stac_extensions", "id", "title", "description", "links");

  private final List<Link> links;
  private final URI location;

  private Catalog(ObjectNode node, String pointer, URI location) {
    super(node, pointer);
    Parts.object(node, TYPE, pointer);
    Shape.requiredString(node, "description", pointer);
    Shape.optionalString(node, "title", pointer);
    this.links = Parts.links(node, pointer);
    this.location = location;
  }

  /** A copy with another location; the JSON and parsed parts are shared (both immutable). */
  private Catalog(Catalog from, URI location) {
    super(from.node, from.pointer);
    this.links = from.links;
    this.location = location;
  }

  /** A builder for a STAC 1.1.0 catalog. */
  public static Builder builder(String id, String description) {
    ObjectNode n = Json.object();
    n.put("type", TYPE);
    n.put("stac_version", V1_1_0);
    n.putArray("stac_extensions");
    n.put("id", Objects.requireNonNull(id, "id"));
    n.put("description", Objects.requireNonNull(description, "description"));
    n.putArray("links");
    return new Builder(n, null);
  }

  /**
   * A catalog from its JSON (copied).
   *
   * @throws io.waterbodies.stac.StacFormatException naming the JSON pointer when it is not one
   */
  public static Catalog fromJson(JsonNode json) {
    return new Catalog(Shape.object(json, "", "a Catalog").deepCopy(), "", null);
  }

  static Catalog adopt(ObjectNode json) {
    return new Catalog(json, "", null);
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

  @Override
  public List<Link> links() {
    return links;
  }

  @Override
  public Optional<URI> location() {
    return Optional.ofNullable(location);
  }

  @Override
  public Catalog withLocation(URI location) {
    return new Catalog(this, location);
  }

  /** A builder starting from this catalog. */
  public Builder toBuilder() {
    return new Builder(node.deepCopy(), location);
  }

  /** Builds a {@link Catalog}. */
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

    /**
     * The catalog.
     *
     * @throws io.waterbodies.stac.StacFormatException when the fields do not make a Catalog
     */
    public Catalog build() {
      return new Catalog(node.deepCopy(), "", location);
    }
  }
}
