package io.waterbodies.stac.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.time.DatetimeInterval.Rfc3339;
import io.waterbodies.stac.server.internal.GeoJsonGeometries;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An item held by a {@link StacStore}: an immutable copy of its JSON with what searching needs
 * worked out once (collection, id, bounding box, parsed geometry, time range), and the JSON
 * pre-serialised so that serving many pages costs little. Links the server adds ({@code self},
 * {@code parent}, {@code collection}, {@code root}) replace any the item carries.
 */
public final class StoredItem {
  private static final Logger LOG = LoggerFactory.getLogger(StoredItem.class);
  private static final Set<String> SERVER_RELS = Set.of("self", "parent", "collection", "root");

  private final String collection;
  private final String id;

  /** Only the properties stay as a tree (filters and sorting read them); the rest is bytes. */
  private final ObjectNode properties;

  private final double west;
  private final double south;
  private final double east;
  private final double north;
  private final boolean hasBbox;

  /**
   * For exact spatial matching, parsed once and kept as 2D WKB (compact: about 100 bytes for a
   * 5-position polygon); null when the item has no geometry.
   */
  private final byte[] geometry;

  /** The geometry lies within the box above, so a query rectangle holding the box holds it. */
  private final boolean geometryInBox;

  private final long startMillis;
  private final long endMillis;
  private final boolean hasTime;
  private final byte[] bodyWithoutLinks;
  private final byte[] ownLinks;

  private StoredItem(String collection, ObjectNode doc) {
    this.collection = collection;
    this.properties = (ObjectNode) doc.get("properties");
    this.id = doc.path("id").asText();
    Geometry g = null;
    boolean invalid = false;
    JsonNode geojson = doc.get("geometry");
    if (geojson != null && !geojson.isNull()) {
      try {
        g = GeoJsonGeometries.parse(geojson);
        g = g.isEmpty() ? null : g;
      } catch (GeoJsonGeometries.InvalidGeometryException e) {
        LOG.warn(
            "item {}/{} has an invalid geometry ({}); spatial searches match it by its bbox",
            collection,
            id,
            e.getMessage());
        invalid = true;
      }
    }
    Optional<Bbox> box = bboxOf(doc, g);
    if (invalid && box.isPresent()) {
      // Stores accept items without validating them; matching such an item by its box, as the
      // server did before exact matching, keeps it findable.
      g = GeoJsonGeometries.box(box.get());
    }
    this.hasBbox = box.isPresent();
    Bbox b = box.map(Bbox::to2d).orElse(Bbox.of(0, 0, 0, 0));
    this.west = b.west();
    this.south = b.south();
    this.east = b.east();
    this.north = b.north();
    this.geometry = g == null ? null : GeoJsonGeometries.toWkb(g);
    this.geometryInBox =
        g != null && hasBbox && west <= east && within(GeoJsonGeometries.bounds(g));
    JsonNode props = doc.path("properties");
    Optional<Instant> dt = instant(props.get("datetime"));
    Optional<Instant> start = instant(props.get("start_datetime")).or(() -> dt);
    Optional<Instant> end = instant(props.get("end_datetime")).or(() -> dt);
    this.hasTime = start.isPresent() || end.isPresent();
    this.startMillis = start.or(() -> end).map(Instant::toEpochMilli).orElse(0L);
    this.endMillis = end.or(() -> start).map(Instant::toEpochMilli).orElse(0L);
    ObjectNode copy = doc.deepCopy();
    JsonNode links = copy.remove("links");
    ArrayNode own = Json.mapper().createArrayNode();
    if (links != null) {
      for (JsonNode l : links) {
        if (!SERVER_RELS.contains(l.path("rel").asText())) {
          own.add(l);
        }
      }
    }
    this.bodyWithoutLinks = Json.write(copy, false).getBytes(StandardCharsets.UTF_8);
    String ownJson = Json.write(own, false);
    this.ownLinks = ownJson.substring(1, ownJson.length() - 1).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Stores a copy of {@code item} as a member of {@code collection}; the item's {@code collection}
   * field is set to it.
   *
   * @throws StacStoreException (INVALID) when the item has no id, or is not a GeoJSON Feature
   */
  public static StoredItem of(String collection, ObjectNode item) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(item, "item");
    JsonNode id = item.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw new StacStoreException(StacStoreException.Reason.INVALID, "the item has no 'id'");
    }
    if (!"Feature".equals(item.path("type").asText())) {
      throw new StacStoreException(
          StacStoreException.Reason.INVALID,
          "item '" + id.asText() + "' is not a GeoJSON Feature (type must be \"Feature\")");
    }
    JsonNode props = item.get("properties");
    if (props == null || !props.isObject()) {
      throw new StacStoreException(
          StacStoreException.Reason.INVALID, "item '" + id.asText() + "' has no 'properties'");
    }
    ObjectNode copy = item.deepCopy();
    copy.put("collection", collection);
    return new StoredItem(collection, copy);
  }

  private static Optional<Instant> instant(JsonNode n) {
    if (n == null || !n.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Rfc3339.parse(n.asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private boolean within(Bbox b) {
    return west <= b.west() && b.east() <= east && south <= b.south() && b.north() <= north;
  }

  private static Optional<Bbox> bboxOf(ObjectNode doc, Geometry geometry) {
    JsonNode b = doc.get("bbox");
    if (b != null && b.isArray() && (b.size() == 4 || b.size() == 6)) {
      double[] v = new double[b.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = b.get(i).asDouble();
      }
      try {
        return Optional.of(Bbox.of(v));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return geometry == null ? Optional.empty() : Optional.of(GeoJsonGeometries.bounds(geometry));
  }

  /** The collection id. */
  public String collection() {
    return collection;
  }

  /** The item id. */
  public String id() {
    return id;
  }

  /** The item JSON, a copy. */
  public ObjectNode document() {
    ObjectNode doc =
        (ObjectNode)
            Json.parse(new String(bodyWithoutLinks, StandardCharsets.UTF_8), "stored item " + id);
    doc.set(
        "links",
        Json.parse("[" + new String(ownLinks, StandardCharsets.UTF_8) + "]", "stored item " + id));
    return doc;
  }

  /** The 2D bounding box (from {@code bbox}, or worked out from the geometry). */
  public Optional<Bbox> bbox() {
    return hasBbox ? Optional.of(Bbox.of(west, south, east, north)) : Optional.empty();
  }

  /** Start of the item's time range ({@code start_datetime}, else {@code datetime}). */
  public Optional<Instant> start() {
    return hasTime ? Optional.of(Instant.ofEpochMilli(startMillis)) : Optional.empty();
  }

  /** End of the item's time range ({@code end_datetime}, else {@code datetime}). */
  public Optional<Instant> end() {
    return hasTime ? Optional.of(Instant.ofEpochMilli(endMillis)) : Optional.empty();
  }

  /**
   * A top-level field ({@code id}, {@code collection}, ...) or a property, by name; {@code
   * properties.x} names a property explicitly. Containers are copies.
   */
  public Optional<JsonNode> field(String name) {
    JsonNode n;
    if (name.startsWith("properties.")) {
      n = properties.get(name.substring("properties.".length()));
    } else if (name.equals("id")) {
      return Optional.of(TextNode.valueOf(id));
    } else if (name.equals("collection")) {
      return Optional.of(TextNode.valueOf(collection));
    } else {
      n = properties.get(name);
      if (n == null && !name.equals("properties") && !name.equals("links")) {
        n = document().get(name); // rare: a top-level field other than id and collection
      }
    }
    if (n == null || n.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(n.isContainerNode() ? n.deepCopy() : n);
  }

  /**
   * True when the item's box overlaps {@code box} (antimeridian boxes included). This is the
   * server's cheap prefilter; spatial searches also test the geometry exactly.
   */
  public boolean intersects(Bbox box) {
    if (!hasBbox || south > box.north() || box.south() > north) {
      return false;
    }
    return lonOverlap(west, east, box.west(), box.east());
  }

  /** True when the item has a (non-empty) geometry; items without one never match spatially. */
  public boolean hasGeometry() {
    return geometry != null;
  }

  /**
   * True when the item's geometry lies within its {@link #bbox()} (which does not cross the
   * antimeridian), so a query rectangle holding the box holds the geometry: spatial searches use
   * this to match most items without decoding their geometry.
   */
  public boolean geometryWithinBbox() {
    return geometryInBox;
  }

  /**
   * The item's geometry in the lon/lat plane, as JTS reads it (a new object each call), for exact
   * spatial matching; empty when the item has no geometry. An item whose stored geometry is invalid
   * GeoJSON has its bbox's rectangle here, so that it stays findable.
   */
  public Optional<Geometry> geometry() {
    return geometry == null ? Optional.empty() : Optional.of(GeoJsonGeometries.fromWkb(geometry));
  }

  /** Longitude ranges overlap, either of them possibly crossing the antimeridian. */
  private static boolean lonOverlap(double w1, double e1, double w2, double e2) {
    if (w1 > e1) {
      return lonOverlap(w1, 180, w2, e2) || lonOverlap(-180, e1, w2, e2);
    }
    if (w2 > e2) {
      return lonOverlap(w1, e1, w2, 180) || lonOverlap(w1, e1, -180, e2);
    }
    return w1 <= e2 && w2 <= e1;
  }

  /** True when the item's time range overlaps [{@code fromMillis}, {@code toMillis}]. */
  public boolean overlapsMillis(long fromMillis, long toMillis) {
    return hasTime && endMillis >= fromMillis && startMillis <= toMillis;
  }

  /**
   * Writes the item as compact JSON whose {@code links} are its own links followed by {@code
   * serverLinks} (a comma-separated sequence of link objects, without brackets).
   */
  public void writeJson(OutputStream out, byte[] serverLinks) throws IOException {
    int end = bodyWithoutLinks.length - 1; // the closing brace
    out.write(bodyWithoutLinks, 0, end);
    if (end > 1) {
      out.write(',');
    }
    out.write(LINKS_OPEN);
    out.write(ownLinks);
    if (ownLinks.length > 0 && serverLinks.length > 0) {
      out.write(',');
    }
    out.write(serverLinks);
    out.write(']');
    out.write('}');
  }

  private static final byte[] LINKS_OPEN = "\"links\":[".getBytes(StandardCharsets.US_ASCII);

  @Override
  public String toString() {
    return "StoredItem[" + collection + "/" + id + "]";
  }
}
