package io.waterbodies.stac.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.server.StacStoreException.Reason;
import io.waterbodies.stac.server.internal.SpatialIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link StacStore} in memory: collections and items indexed by id, each collection's item list
 * kept sorted and handed out as an immutable snapshot (rebuilt only after a write), so that paging
 * through large collections is cheap. Thread-safe.
 */
public final class InMemoryStacStore implements StacStore {
  /** Below this many items a scan is as quick as the index and needs no upkeep. */
  static final int INDEX_FROM = 512;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Entry> collections = new TreeMap<>();

  private static final class Entry {
    ObjectNode collection;
    final TreeMap<String, StoredItem> items = new TreeMap<>();
    List<StoredItem> snapshot = List.of();
    boolean dirty;

    /** Over {@link #snapshot}, built on the first spatial search after a write. */
    SpatialIndex index;

    Entry(ObjectNode collection) {
      this.collection = collection;
    }

    List<StoredItem> snapshot() {
      if (dirty) {
        snapshot = List.copyOf(items.values());
        index = null;
        dirty = false;
      }
      return snapshot;
    }

    SpatialIndex index() {
      List<StoredItem> s = snapshot();
      if (index == null) {
        index = new SpatialIndex(s);
      }
      return index;
    }
  }

  /** An empty store. */
  public InMemoryStacStore() {}

  @Override
  public List<ObjectNode> collections() {
    lock.readLock().lock();
    try {
      List<ObjectNode> out = new ArrayList<>();
      collections.values().forEach(e -> out.add(e.collection.deepCopy()));
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<ObjectNode> collection(String collectionId) {
    lock.readLock().lock();
    try {
      Entry e = collections.get(collectionId);
      return e == null ? Optional.empty() : Optional.of(e.collection.deepCopy());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<StoredItem> items(String collectionId) {
    lock.readLock().lock();
    try {
      Entry e = collections.get(collectionId);
      if (e == null) {
        return List.of();
      }
      if (!e.dirty) {
        return e.snapshot;
      }
    } finally {
      lock.readLock().unlock();
    }
    // The snapshot is stale after a write: rebuild it once, under the write lock.
    lock.writeLock().lock();
    try {
      Entry e = collections.get(collectionId);
      return e == null ? List.of() : e.snapshot();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Collections of {@value #INDEX_FROM} items or more answer from an R-tree over the items'
   * boxes (JTS {@code STRtree}), built on the first spatial search after a write.
   */
  @Override
  public List<StoredItem> items(String collectionId, Bbox box) {
    lock.readLock().lock();
    try {
      Entry e = collections.get(collectionId);
      if (e == null) {
        return List.of();
      }
      if (!e.dirty && e.snapshot.size() < INDEX_FROM) {
        return StacStore.overlapping(e.snapshot(), box);
      }
      if (!e.dirty && e.index != null) {
        return e.index.query(box);
      }
    } finally {
      lock.readLock().unlock();
    }
    lock.writeLock().lock();
    try {
      Entry e = collections.get(collectionId);
      if (e == null) {
        return List.of();
      }
      if (e.snapshot().size() < INDEX_FROM) {
        return StacStore.overlapping(e.snapshot(), box);
      }
      return e.index().query(box);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<StoredItem> item(String collectionId, String itemId) {
    lock.readLock().lock();
    try {
      Entry e = collections.get(collectionId);
      return e == null ? Optional.empty() : Optional.ofNullable(e.items.get(itemId));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void createCollection(ObjectNode collection) {
    String id = idOf(collection, "collection");
    lock.writeLock().lock();
    try {
      if (collections.containsKey(id)) {
        throw new StacStoreException(Reason.CONFLICT, "collection '" + id + "' already exists");
      }
      collections.put(id, new Entry(collection.deepCopy()));
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void updateCollection(String collectionId, ObjectNode collection) {
    String id = idOf(collection, "collection");
    if (!id.equals(collectionId)) {
      throw new StacStoreException(
          Reason.INVALID,
          "collection id '" + id + "' does not match '" + collectionId + "' in the URL");
    }
    lock.writeLock().lock();
    try {
      Entry e = existing(collectionId);
      e.collection = collection.deepCopy();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void deleteCollection(String collectionId) {
    lock.writeLock().lock();
    try {
      existing(collectionId);
      collections.remove(collectionId);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void createItem(String collectionId, ObjectNode item) {
    StoredItem stored = StoredItem.of(collectionId, item);
    lock.writeLock().lock();
    try {
      Entry e = existing(collectionId);
      if (e.items.containsKey(stored.id())) {
        throw new StacStoreException(
            Reason.CONFLICT,
            "item '" + stored.id() + "' already exists in collection '" + collectionId + "'");
      }
      e.items.put(stored.id(), stored);
      e.dirty = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Adds or replaces many items of a collection at once (for loading catalogs and benchmarks).
   *
   * @throws StacStoreException NOT_FOUND when the collection does not exist
   */
  public void putItems(String collectionId, Collection<ObjectNode> items) {
    List<StoredItem> stored = new ArrayList<>(items.size());
    items.forEach(i -> stored.add(StoredItem.of(collectionId, i)));
    lock.writeLock().lock();
    try {
      Entry e = existing(collectionId);
      stored.forEach(s -> e.items.put(s.id(), s));
      e.dirty = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void updateItem(String collectionId, String itemId, ObjectNode item) {
    StoredItem stored = StoredItem.of(collectionId, item);
    if (!stored.id().equals(itemId)) {
      throw new StacStoreException(
          Reason.INVALID,
          "item id '" + stored.id() + "' does not match '" + itemId + "' in the URL");
    }
    lock.writeLock().lock();
    try {
      Entry e = existing(collectionId);
      if (!e.items.containsKey(itemId)) {
        throw new StacStoreException(
            Reason.NOT_FOUND,
            "item '" + itemId + "' not found in collection '" + collectionId + "'");
      }
      e.items.put(itemId, stored);
      e.dirty = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void deleteItem(String collectionId, String itemId) {
    lock.writeLock().lock();
    try {
      Entry e = existing(collectionId);
      if (e.items.remove(itemId) == null) {
        throw new StacStoreException(
            Reason.NOT_FOUND,
            "item '" + itemId + "' not found in collection '" + collectionId + "'");
      }
      e.dirty = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private Entry existing(String collectionId) {
    Entry e = collections.get(collectionId);
    if (e == null) {
      throw new StacStoreException(Reason.NOT_FOUND, "collection '" + collectionId + "' not found");
    }
    return e;
  }

  private static String idOf(ObjectNode doc, String what) {
    JsonNode id = doc == null ? null : doc.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw new StacStoreException(Reason.INVALID, "the " + what + " has no 'id'");
    }
    return id.asText();
  }

  @Override
  public String toString() {
    return "InMemoryStacStore[" + collections.size() + " collections]";
  }
}
