package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A STAC Item: a GeoJSON Feature with an id, a geometry and bbox, {@link ItemProperties}, links and
 * assets. Immutable; {@link #toBuilder()} makes changed copies. Unknown fields, at the top level,
 * in properties and in assets, are kept on a round trip.
 *
 * <pre>{@code
 * Item item = Item.builder("S2A_20240101")
 *     .geometryFromBbox(Bbox.of(10, 45, 11, 46))
 *     .datetime(Instant.parse("2024-01-01T10:00:00Z"))
 *     .asset("green", Asset.builder("B03.tif").roles("data").build())
 *     .build();
 * }</pre>
 */
@JsonDeserialize(using = StacDocuments.ItemDeserializer.class)
public final class Item extends JsonBacked implements StacObject {
  /** The GeoJSON type of an Item. */
  public static final String TYPE = "Feature";

  private static final Set<String> KNOWN =
      Set.of(
          "type",
          "stac_version",
          "stac_extensions",
          "id",
          "geometry",
          "bbox",
          "properties",
          "links",
          "assets",
          "collection");

  private final ItemProperties properties;
  private final List<Link> links;
  private final Map<String, Asset> assets;
  private final URI location;

  private Item(ObjectNode node, String pointer, URI location) {
    super(node, pointer);
    Parts.object(node, TYPE, pointer);
    JsonNode geometry = node.get("geometry");
    if (geometry != null && !geometry.isNull()) {
      Shape.object(geometry, child("geometry"), "'geometry'");
    }
    JsonNode bbox = node.get("bbox");
    if (bbox != null) {
      Shape.bbox(bbox, child("bbox"));
    }
    ObjectNode props = Shape.object(node.get("properties"), child("properties"), "'properties'");
    String pp = child("properties");
    Shape.optionalTimestamp(props, "datetime", pp);
    Shape.optionalTimestamp(props, "start_datetime", pp);
    Shape.optionalTimestamp(props, "end_datetime", pp);
    Shape.optionalTimestamp(props, "created", pp);
    Shape.optionalTimestamp(props, "updated", pp);
    Shape.optionalString(node, "collection", pointer);
    this.properties = new ItemProperties(props, pp);
    this.links = Parts.links(node, pointer);
    this.assets = Parts.assets(node, "assets", pointer);
    this.location = location;
  }

  /** A copy with another location; the JSON and parsed parts are shared (both immutable). */
  private Item(Item from, URI location) {
    super(from.node, from.pointer);
    this.properties = from.properties;
    this.links = from.links;
    this.assets = from.assets;
    this.location = location;
  }

  /** A builder for a STAC 1.1.0 Item with null geometry, empty properties, links and assets. */
  public static Builder builder(String id) {
    ObjectNode n = Json.object();
    n.put("type", TYPE);
    n.put("stac_version", V1_1_0);
    n.putArray("stac_extensions");
    n.put("id", Objects.requireNonNull(id, "id"));
    n.putNull("geometry");
    n.putObject("properties");
    n.putArray("links");
    n.putObject("assets");
    return new Builder(n, null);
  }

  /**
   * An Item from its JSON (copied).
   *
   * @throws io.waterbodies.stac.StacFormatException naming the JSON pointer when the JSON is not a
   *     usable Item (wrong {@code type}, missing {@code id}, a 5-number bbox, a bad datetime, ...)
   */
  public static Item fromJson(JsonNode json) {
    return new Item(Shape.object(json, "", "an Item").deepCopy(), "", null);
  }

  static Item adopt(ObjectNode json) {
    return new Item(json, "", null);
  }

  static Item parse(JsonNode json, String pointer) {
    return new Item(Shape.object(json, pointer, "an Item"), pointer, null);
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

  /** The GeoJSON geometry, a copy; empty when null. */
  public Optional<JsonNode> geometry() {
    JsonNode g = node.get("geometry");
    return g == null || g.isNull() ? Optional.empty() : Optional.of(g.deepCopy());
  }

  /**
   * The bounding box; empty when absent (as it must be when the geometry is null).
   *
   * @throws io.waterbodies.stac.StacFormatException at {@code /bbox} when south is greater than
   *     north (kept as read; the validator reports it too)
   */
  public Optional<Bbox> bbox() {
    JsonNode b = node.get("bbox");
    return b == null ? Optional.empty() : Optional.of(Shape.toBbox(b, child("bbox")));
  }

  /** The properties. */
  public ItemProperties properties() {
    return properties;
  }

  /** The nominal acquisition time; empty when null (then start and end are given). */
  public Optional<Instant> datetime() {
    return properties.datetime();
  }

  /** The id of the collection this item belongs to. */
  public Optional<String> collection() {
    return string("collection");
  }

  @Override
  public List<Link> links() {
    return links;
  }

  /** The assets by key, in document order. */
  public Map<String, Asset> assets() {
    return assets;
  }

  /** The asset with the key. */
  public Optional<Asset> asset(String key) {
    return Optional.ofNullable(assets.get(key));
  }

  /**
   * The href of an asset resolved against this item's {@link #location()} (as it is when the item
   * has no location or the href is absolute); empty when there is no such asset.
   */
  public Optional<URI> assetHref(String key) {
    Asset a = assets.get(key);
    return a == null ? Optional.empty() : Optional.of(a.resolveHref(location));
  }

  @Override
  public Optional<URI> location() {
    return Optional.ofNullable(location);
  }

  @Override
  public Item withLocation(URI location) {
    return new Item(this, location);
  }

  /** A builder starting from this item (keeping its location). */
  public Builder toBuilder() {
    return new Builder(node.deepCopy(), location);
  }

  /** Builds an {@link Item}; {@link #build()} checks it like {@link Item#fromJson(JsonNode)}. */
  public static final class Builder extends ObjectBuilder<Builder> implements FieldTarget {
    private Builder(ObjectNode node, URI location) {
      super(node, location);
    }

    private ObjectNode props() {
      JsonNode p = node.get("properties");
      if (p instanceof ObjectNode o) {
        return o;
      }
      return node.putObject("properties");
    }

    /** Sets the geometry (a GeoJSON geometry object, copied), or null geometry when empty. */
    public Builder geometry(Optional<JsonNode> geometry) {
      if (geometry.isPresent()) {
        node.set("geometry", geometry.get().deepCopy());
      } else {
        node.putNull("geometry");
      }
      return this;
    }

    /** Sets the geometry (a GeoJSON geometry object, copied). */
    public Builder geometry(JsonNode geometry) {
      return geometry(Optional.of(geometry));
    }

    /** Sets the bbox. */
    public Builder bbox(Bbox bbox) {
      ArrayNode a = node.putArray("bbox");
      for (double v : bbox.toArray()) {
        a.add(BigDecimal.valueOf(v));
      }
      return this;
    }

    /** Removes the bbox (required when the geometry is null). */
    public Builder removeBbox() {
      node.remove("bbox");
      return this;
    }

    /** Sets the bbox and a polygon geometry covering it. */
    public Builder geometryFromBbox(Bbox bbox) {
      return bbox(bbox).geometry(GeoJson.polygon(bbox));
    }

    /** Sets {@code datetime}. */
    public Builder datetime(Instant datetime) {
      props().put("datetime", format(datetime));
      return this;
    }

    /**
     * Sets {@code datetime} to null and the interval {@code start_datetime}/{@code end_datetime}.
     */
    public Builder datetimeInterval(Instant start, Instant end) {
      props().putNull("datetime");
      props().put("start_datetime", format(start));
      props().put("end_datetime", format(end));
      return this;
    }

    /** Sets {@code created}. */
    public Builder created(Instant created) {
      props().put("created", format(created));
      return this;
    }

    /** Sets {@code updated}. */
    public Builder updated(Instant updated) {
      props().put("updated", format(updated));
      return this;
    }

    /** Sets the {@code title} property. */
    public Builder title(String title) {
      props().put("title", title);
      return this;
    }

    /** Sets the {@code description} property. */
    public Builder description(String description) {
      props().put("description", description);
      return this;
    }

    /** Sets the {@code license} property. */
    public Builder license(String license) {
      props().put("license", license);
      return this;
    }

    /** Sets the {@code platform} property. */
    public Builder platform(String platform) {
      props().put("platform", platform);
      return this;
    }

    /** Sets the {@code instruments} property. */
    public Builder instruments(Collection<String> instruments) {
      ArrayNode a = props().putArray("instruments");
      instruments.forEach(a::add);
      return this;
    }

    /** Sets the {@code constellation} property. */
    public Builder constellation(String constellation) {
      props().put("constellation", constellation);
      return this;
    }

    /** Sets the {@code mission} property. */
    public Builder mission(String mission) {
      props().put("mission", mission);
      return this;
    }

    /** Sets the {@code gsd} property (metres). */
    public Builder gsd(double gsd) {
      props().put("gsd", BigDecimal.valueOf(gsd));
      return this;
    }

    /** Sets the {@code providers} property. */
    public Builder providers(Collection<Provider> providers) {
      ArrayNode a = props().putArray("providers");
      providers.forEach(p -> a.add(p.toJson()));
      return this;
    }

    /** Sets a property (copied). */
    public Builder property(String name, JsonNode value) {
      props().set(name, value.deepCopy());
      return this;
    }

    /** Sets a string property. */
    public Builder property(String name, String value) {
      props().put(name, value);
      return this;
    }

    /** Sets a number property. */
    public Builder property(String name, double value) {
      props().put(name, BigDecimal.valueOf(value));
      return this;
    }

    /** Removes a property. */
    public Builder removeProperty(String name) {
      props().remove(name);
      return this;
    }

    @Override
    public Builder set(String name, JsonNode value) {
      return property(name, value);
    }

    @Override
    public Builder remove(String name) {
      return removeProperty(name);
    }

    @Override
    public Builder declareExtension(String schemaUri) {
      return stacExtension(schemaUri);
    }

    /** Sets the collection id. */
    public Builder collection(String collectionId) {
      node.put("collection", collectionId);
      return this;
    }

    /** Adds or replaces an asset. */
    public Builder asset(String key, Asset asset) {
      node.withObject("assets").set(key, asset.toJson());
      return this;
    }

    /** Removes an asset. */
    public Builder removeAsset(String key) {
      JsonNode a = node.get("assets");
      if (a instanceof ObjectNode o) {
        o.remove(key);
      }
      return this;
    }

    /**
     * The item.
     *
     * @throws io.waterbodies.stac.StacFormatException when the fields set do not make a usable Item
     */
    public Item build() {
      return new Item(node.deepCopy(), "", location);
    }
  }

  static String format(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(Objects.requireNonNull(t, "instant"));
  }
}
