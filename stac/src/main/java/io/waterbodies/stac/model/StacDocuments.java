package io.waterbodies.stac.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.stac.StacFormatException;
import java.io.IOException;

/**
 * Turns JSON into the right model type by its {@code type}: {@code Feature} (Item), {@code
 * Catalog}, {@code Collection}, {@code FeatureCollection} (ItemCollection), and pre-1.0 Catalogs
 * and Collections without a {@code type}. The model types are also Jackson-deserialisable through
 * it, so {@code mapper.readValue(json, Item.class)} works with any {@code ObjectMapper}.
 */
public final class StacDocuments {
  private StacDocuments() {}

  /**
   * The document for a JSON object (copied).
   *
   * @throws StacFormatException naming the JSON pointer when it is not usable STAC
   */
  public static StacDocument fromJson(JsonNode json) {
    return adopt(Shape.object(json, "", "a STAC document").deepCopy());
  }

  /** The document for a JSON object this class may keep (not copied). */
  static StacDocument adopt(ObjectNode tree) {
    JsonNode type = tree.get("type");
    String t = type != null && type.isTextual() ? type.textValue() : untypedKind(tree);
    return switch (t) {
      case Item.TYPE -> Item.adopt(tree);
      case Catalog.TYPE -> Catalog.adopt(tree);
      case Collection.TYPE -> Collection.adopt(tree);
      case ItemCollection.TYPE -> ItemCollection.adopt(tree);
      default ->
          throw Shape.error(
              "/type",
              type == null
                  ? "required field 'type' is missing (expected Feature, Catalog, Collection or"
                      + " FeatureCollection)"
                  : "unknown type "
                      + type
                      + " (expected Feature, Catalog, Collection or FeatureCollection)");
    };
  }

  /**
   * The type of a pre-1.0 Catalog or Collection, which had no {@code type} field: a Collection has
   * an {@code extent}. Empty for anything else.
   */
  private static String untypedKind(ObjectNode tree) {
    if (tree.get("type") != null || !Parts.isPre10(tree)) {
      return "";
    }
    return tree.has("extent") ? Collection.TYPE : tree.has("id") ? Catalog.TYPE : "";
  }

  /** Reads the tree from the parser and keeps it, so no copy is made. */
  abstract static class Deserializer<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;

    Deserializer(Class<T> type) {
      super(type);
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode tree = ctxt.readTree(p);
      if (!tree.isObject()) {
        throw Shape.error(
            "", "a STAC document must be a JSON object, found " + Shape.describe(tree));
      }
      return make((ObjectNode) tree);
    }

    abstract T make(ObjectNode tree);
  }

  /** Deserialises any {@link StacDocument} by its {@code type}. */
  static final class AnyDeserializer extends Deserializer<StacDocument> {
    private static final long serialVersionUID = 1L;

    AnyDeserializer() {
      super(StacDocument.class);
    }

    @Override
    StacDocument make(ObjectNode tree) {
      return adopt(tree);
    }
  }

  /** Deserialises an {@link Item}. */
  static final class ItemDeserializer extends Deserializer<Item> {
    private static final long serialVersionUID = 1L;

    ItemDeserializer() {
      super(Item.class);
    }

    @Override
    Item make(ObjectNode tree) {
      return Item.adopt(tree);
    }
  }

  /** Deserialises a {@link Catalog}. */
  static final class CatalogDeserializer extends Deserializer<Catalog> {
    private static final long serialVersionUID = 1L;

    CatalogDeserializer() {
      super(Catalog.class);
    }

    @Override
    Catalog make(ObjectNode tree) {
      return Catalog.adopt(tree);
    }
  }

  /** Deserialises a {@link Collection}. */
  static final class CollectionDeserializer extends Deserializer<Collection> {
    private static final long serialVersionUID = 1L;

    CollectionDeserializer() {
      super(Collection.class);
    }

    @Override
    Collection make(ObjectNode tree) {
      return Collection.adopt(tree);
    }
  }

  /** Deserialises an {@link ItemCollection}. */
  static final class ItemCollectionDeserializer extends Deserializer<ItemCollection> {
    private static final long serialVersionUID = 1L;

    ItemCollectionDeserializer() {
      super(ItemCollection.class);
    }

    @Override
    ItemCollection make(ObjectNode tree) {
      return ItemCollection.adopt(tree);
    }
  }
}
