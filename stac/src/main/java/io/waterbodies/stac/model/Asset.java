package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonPointers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A file or resource of an Item or Collection: {@code href}, media {@code type}, {@code roles}
 * ({@code data}, {@code thumbnail}, {@code metadata}, ...), and in STAC 1.1 {@code bands}.
 * Extension fields (eo, proj, raster, file, ...) are kept and read through the accessors in {@code
 * io.waterbodies.stac.ext}.
 */
public final class Asset extends JsonBacked implements CommonMetadata {
  private static final Set<String> KNOWN =
      Set.of("href", "title", "description", "type", "roles", "bands");

  /** The {@code data} role: the primary data file(s). */
  public static final String ROLE_DATA = "data";

  private final List<Band> bands;

  private Asset(ObjectNode node, String pointer, List<Band> bands) {
    super(node, pointer);
    this.bands = bands;
  }

  /** A builder for an asset at {@code href}. */
  public static Builder builder(String href) {
    return new Builder(Json.object()).href(href);
  }

  /**
   * An asset from its JSON (copied).
   *
   * @throws io.waterbodies.stac.StacFormatException when {@code href} is missing or a field has the
   *     wrong JSON type
   */
  public static Asset fromJson(JsonNode json) {
    return parse(Shape.object(json, "", "an asset").deepCopy(), "");
  }

  static Asset parse(JsonNode json, String pointer) {
    ObjectNode o = Shape.object(json, pointer, "an asset");
    Shape.requiredString(o, "href", pointer);
    Shape.optionalString(o, "title", pointer);
    Shape.optionalString(o, "description", pointer);
    Shape.optionalString(o, "type", pointer);
    Shape.stringList(o, "roles", pointer);
    return new Asset(o, pointer, bandList(o, "bands", pointer));
  }

  /** Parses an optional array of bands under {@code name}. */
  static List<Band> bandList(ObjectNode o, String name, String pointer) {
    Optional<ArrayNode> a = Shape.optionalArray(o, name, pointer);
    if (a.isEmpty()) {
      return List.of();
    }
    List<Band> out = new ArrayList<>();
    String p = JsonPointers.child(pointer, name);
    for (int i = 0; i < a.get().size(); i++) {
      out.add(Band.parse(a.get().get(i), JsonPointers.child(p, i)));
    }
    return List.copyOf(out);
  }

  @Override
  Set<String> knownFields() {
    return KNOWN;
  }

  /** The location of the file, absolute or relative to the document. */
  public String href() {
    return node.get("href").textValue();
  }

  /** The href resolved against a base location (the document's URI); absolute hrefs unchanged. */
  public URI resolveHref(URI base) {
    return Hrefs.resolve(base, href());
  }

  /** The media type, e.g. {@code image/tiff; application=geotiff}. */
  public Optional<String> type() {
    return string("type");
  }

  /** The roles, e.g. {@code data}, {@code thumbnail}. */
  public List<String> roles() {
    return Shape.stringList(node, "roles", pointer);
  }

  /** True when the asset has the role. */
  public boolean hasRole(String role) {
    return roles().contains(role);
  }

  /**
   * The STAC 1.1 {@code bands}; empty for STAC 1.0 assets, whose bands are in {@code eo:bands} and
   * {@code raster:bands} (see {@code io.waterbodies.stac.ext.EoExtension}).
   */
  public List<Band> bands() {
    return bands;
  }

  /** A builder starting from this asset. */
  public Builder toBuilder() {
    return new Builder(node.deepCopy());
  }

  /** Builds an {@link Asset}. */
  public static final class Builder implements FieldTarget {
    private final ObjectNode node;

    private Builder(ObjectNode node) {
      this.node = node;
    }

    /** Sets the href. */
    public Builder href(String href) {
      node.put("href", Objects.requireNonNull(href, "href"));
      return this;
    }

    /** Sets the title. */
    public Builder title(String title) {
      node.put("title", Objects.requireNonNull(title, "title"));
      return this;
    }

    /** Sets the description. */
    public Builder description(String description) {
      node.put("description", Objects.requireNonNull(description, "description"));
      return this;
    }

    /** Sets the media type. */
    public Builder type(String type) {
      node.put("type", Objects.requireNonNull(type, "type"));
      return this;
    }

    /** Adds roles. */
    public Builder roles(String... roles) {
      ArrayNode a = node.withArray("roles");
      for (String r : roles) {
        a.add(r);
      }
      return this;
    }

    /** Sets the STAC 1.1 bands. */
    public Builder bands(List<Band> bands) {
      ArrayNode a = node.putArray("bands");
      bands.forEach(b -> a.add(b.toJson()));
      return this;
    }

    @Override
    public Builder set(String name, JsonNode value) {
      node.set(name, value.deepCopy());
      return this;
    }

    @Override
    public Builder remove(String name) {
      node.remove(name);
      return this;
    }

    /** The asset. */
    public Asset build() {
      return parse(node.deepCopy(), "");
    }
  }
}
