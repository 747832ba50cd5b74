package io.waterbodies.stac.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonPointers;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A GeoJSON FeatureCollection of Items, as returned by STAC API searches: the features, links (e.g.
 * {@code next}), and counts such as {@code numberMatched} and {@code numberReturned}. Immutable.
 */
@JsonDeserialize(using = StacDocuments.ItemCollectionDeserializer.class)
public final class ItemCollection extends JsonBacked implements StacDocument {
  /** The GeoJSON type of an ItemCollection. */
  public static final String TYPE = "FeatureCollection";

  private static final Set<String> KNOWN =
      Set.of("type", "features", "links", "numberMatched", "numberReturned");

  private final List<Item> items;
  private final List<Link> links;
  private final URI location;

  private ItemCollection(ObjectNode node, String pointer, URI location) {
    super(node, pointer);
    Parts.requireType(node, TYPE, pointer);
    JsonNode features = node.get("features");
    String fp = child("features");
    if (features == null || !features.isArray()) {
      throw Shape.error(
          fp,
          features == null
              ? "required field 'features' is missing"
              : "'features' must be an array, found " + Shape.describe(features));
    }
    List<Item> out = new ArrayList<>(features.size());
    for (int i = 0; i < features.size(); i++) {
      out.add(Item.parse(features.get(i), JsonPointers.child(fp, i)));
    }
    this.items = Collections.unmodifiableList(out);
    this.links = Parts.links(node, pointer);
    this.location = location;
  }

  /** A copy with another location; the JSON and parsed parts are shared (both immutable). */
  private ItemCollection(ItemCollection from, URI location) {
    super(from.node, from.pointer);
    this.items = from.items;
    this.links = from.links;
    this.location = location;
  }

  /** An item collection of {@code items} and no links. */
  public static ItemCollection of(Collection<Item> items) {
    ObjectNode n = Json.object();
    n.put("type", TYPE);
    ArrayNode a = n.putArray("features");
    items.forEach(i -> a.add(i.toJson()));
    return new ItemCollection(n, "", null);
  }

  /** A builder for an item collection, empty at first. */
  public static Builder builder() {
    ObjectNode n = Json.object();
    n.put("type", TYPE);
    n.putArray("features");
    return new Builder(n);
  }

  /** A builder starting from this item collection. */
  public Builder toBuilder() {
    return new Builder(node.deepCopy());
  }

  /**
   * An item collection from its JSON (copied).
   *
   * @throws io.waterbodies.stac.StacFormatException naming the JSON pointer (e.g. {@code
   *     /features/3/id}) when it is not one
   */
  public static ItemCollection fromJson(JsonNode json) {
    return new ItemCollection(Shape.object(json, "", "an ItemCollection").deepCopy(), "", null);
  }

  static ItemCollection adopt(ObjectNode json) {
    return new ItemCollection(json, "", null);
  }

  @Override
  Set<String> knownFields() {
    return KNOWN;
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The items, in document order. */
  public List<Item> items() {
    return items;
  }

  @Override
  public List<Link> links() {
    return links;
  }

  /** {@code numberMatched}: how many items match the search in total, when the server says. */
  public OptionalLong numberMatched() {
    JsonNode v = node.get("numberMatched");
    return v != null && v.isIntegralNumber()
        ? OptionalLong.of(v.longValue())
        : OptionalLong.empty();
  }

  /** {@code numberReturned}: how many items this page holds, when the server says. */
  public OptionalLong numberReturned() {
    JsonNode v = node.get("numberReturned");
    return v != null && v.isIntegralNumber()
        ? OptionalLong.of(v.longValue())
        : OptionalLong.empty();
  }

  @Override
  public Optional<URI> location() {
    return Optional.ofNullable(location);
  }

  @Override
  public ItemCollection withLocation(URI location) {
    return new ItemCollection(this, location);
  }

  /** Builds an {@link ItemCollection}, e.g. one page of search results. */
  public static final class Builder {
    private final ObjectNode node;

    private Builder(ObjectNode node) {
      this.node = node;
    }

    /** Appends an item. */
    public Builder item(Item item) {
      node.withArray("features").add(item.toJson());
      return this;
    }

    /** Appends items. */
    public Builder items(Collection<Item> items) {
      items.forEach(this::item);
      return this;
    }

    /** Appends a link, e.g. {@code next}. */
    public Builder link(Link link) {
      node.withArray("links").add(link.toJson());
      return this;
    }

    /** Sets {@code numberMatched}. */
    public Builder numberMatched(long n) {
      node.put("numberMatched", n);
      return this;
    }

    /** Sets {@code numberReturned}. */
    public Builder numberReturned(long n) {
      node.put("numberReturned", n);
      return this;
    }

    /** Sets any other top-level field (copied), e.g. {@code context}. */
    public Builder field(String name, JsonNode value) {
      node.set(name, value.deepCopy());
      return this;
    }

    /** The item collection. */
    public ItemCollection build() {
      return new ItemCollection(node.deepCopy(), "", null);
    }
  }
}
