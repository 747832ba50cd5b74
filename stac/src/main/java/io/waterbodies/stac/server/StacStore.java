package io.waterbodies.stac.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link StacApiServer} keeps collections and items. Implementations must be thread-safe;
 * reads return snapshots that later writes do not change. Items of a collection are listed in a
 * stable order (by id), which the server's paging relies on.
 */
public interface StacStore {
  /** All collections, ordered by id (copies). */
  List<ObjectNode> collections();

  /** A collection by id (a copy). */
  Optional<ObjectNode> collection(String collectionId);

  /** The items of a collection ordered by id; empty when the collection does not exist. */
  List<StoredItem> items(String collectionId);

  /**
   * The items of a collection whose bounding box overlaps {@code box} (which may cross the
   * antimeridian), ordered by id, for spatial searches. Stores may answer from a spatial index;
   * this default scans {@link #items(String)}. Items without a bbox are never returned.
   */
  default List<StoredItem> items(String collectionId, Bbox box) {
    return overlapping(items(collectionId), box);
  }

  /**
   * The items whose bounding box overlaps {@code box}, in their order: the plain scan behind {@link
   * #items(String, Bbox)}, for stores without an index and for comparing with one.
   */
  static List<StoredItem> overlapping(List<StoredItem> items, Bbox box) {
    List<StoredItem> out = new ArrayList<>();
    for (StoredItem it : items) {
      if (it.intersects(box)) {
        out.add(it);
      }
    }
    return out;
  }

  /** An item by collection and id. */
  Optional<StoredItem> item(String collectionId, String itemId);

  /**
   * Adds a collection.
   *
   * @throws StacStoreException CONFLICT when it exists, INVALID when it has no id
   */
  void createCollection(ObjectNode collection);

  /**
   * Adds a model collection; see {@link #createCollection(ObjectNode)}.
   *
   * @throws StacStoreException CONFLICT when it exists
   */
  default void createCollection(Collection collection) {
    createCollection(collection.toJson());
  }

  /**
   * Replaces a collection, keeping its items.
   *
   * @throws StacStoreException NOT_FOUND when it does not exist
   */
  void updateCollection(String collectionId, ObjectNode collection);

  /**
   * Removes a collection and its items.
   *
   * @throws StacStoreException NOT_FOUND when it does not exist
   */
  void deleteCollection(String collectionId);

  /**
   * Adds an item to a collection.
   *
   * @throws StacStoreException NOT_FOUND when the collection does not exist, CONFLICT when the item
   *     exists, INVALID when it is not an item
   */
  void createItem(String collectionId, ObjectNode item);

  /**
   * Adds a model item to a collection; see {@link #createItem(String, ObjectNode)}.
   *
   * @throws StacStoreException NOT_FOUND when the collection does not exist, CONFLICT when the item
   *     exists
   */
  default void createItem(String collectionId, Item item) {
    createItem(collectionId, item.toJson());
  }

  /**
   * Replaces an item.
   *
   * @throws StacStoreException NOT_FOUND when it does not exist, INVALID when the document is not
   *     an item or its id differs
   */
  void updateItem(String collectionId, String itemId, ObjectNode item);

  /**
   * Removes an item.
   *
   * @throws StacStoreException NOT_FOUND when it does not exist
   */
  void deleteItem(String collectionId, String itemId);
}
