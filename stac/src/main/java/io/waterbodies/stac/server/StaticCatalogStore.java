package io.waterbodies.stac.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.catalog.StaticCatalog;
import io.waterbodies.stac.model.Item;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StacStore} serving a static STAC catalog directory: the tree under {@code catalog.json}
 * (or a collection.json) is read once, following {@code child} and {@code item} links with relative
 * hrefs; collections become API collections and items join the nearest collection above them (or
 * the one their {@code collection} field names). Items that belong to no collection are skipped
 * with a warning, since the API serves items only through collections.
 *
 * <p>Only documents under the catalog's folder are served: a {@code child} or {@code item} link
 * that leaves it ({@code ../../../elsewhere/item.json}, a {@code file:} URI elsewhere, a symbolic
 * link pointing out) or points to another host is not followed, with a warning naming the link.
 *
 * <p>Writes through the transactions endpoints change the served data <b>in memory only</b>; the
 * files on disk are never modified.
 */
public final class StaticCatalogStore implements StacStore {
  private static final Logger LOG = LoggerFactory.getLogger(StaticCatalogStore.class);

  private final Path root;
  private final Path folder;
  private final InMemoryStacStore memory = new InMemoryStacStore();

  private StaticCatalogStore(Path root) {
    this.root = root;
    this.folder = realOrNormal(root.getParent());
  }

  /**
   * Reads a catalog: a directory holding {@code catalog.json} or {@code collection.json}, or the
   * path of such a file.
   *
   * @throws StacException naming the file when a document cannot be read or is not STAC
   */
  public static StaticCatalogStore load(Path catalog) {
    Path file = catalog;
    if (Files.isDirectory(catalog)) {
      file = catalog.resolve("catalog.json");
      if (!Files.isRegularFile(file)) {
        file = catalog.resolve("collection.json");
      }
    }
    if (!Files.isRegularFile(file)) {
      throw new StacException(
          "no catalog.json or collection.json found", catalog.toString(), null, null);
    }
    StaticCatalogStore store = new StaticCatalogStore(file.toAbsolutePath().normalize());
    store.fill(StaticCatalog.open(store.root));
    return store;
  }

  /**
   * Adds every collection and item of the local tree. The walk visits a parent before its children,
   * so each node's collection (its own, or the nearest one above it) is known when it is reached.
   */
  private void fill(StaticCatalog catalog) {
    Map<URI, String> collectionOf = new HashMap<>();
    Map<String, List<ObjectNode>> items = new LinkedHashMap<>();
    Set<URI> seenItems = new HashSet<>();
    try (Stream<StaticCatalog> nodes = catalog.walk(this::local)) {
      nodes.forEach(
          node -> {
            String current = collectionOf.get(node.location());
            if (node.root() instanceof io.waterbodies.stac.model.Collection c) {
              current = c.id();
              if (memory.collection(current).isEmpty()) {
                memory.createCollection(withoutStructuralLinks(c.toJson()));
                items.putIfAbsent(current, new ArrayList<>());
              } else {
                LOG.warn(
                    "{}: collection '{}' appears twice; keeping the first",
                    node.location(),
                    current);
              }
            }
            for (URI child : node.childLocations()) {
              if (current != null) {
                collectionOf.putIfAbsent(child, current);
              }
            }
            addItems(node, current, seenItems, items);
          });
    }
    items.forEach(memory::putItems);
  }

  private void addItems(
      StaticCatalog node,
      String collection,
      Set<URI> seenItems,
      Map<String, List<ObjectNode>> items) {
    try (Stream<Item> found = node.items(u -> local(u) && seenItems.add(u))) {
      found.forEach(
          item -> {
            // The collection the tree puts the item in wins over a stale "collection" field.
            String c = collection != null ? collection : item.collection().orElse("");
            if (c.isEmpty() || !items.containsKey(c)) {
              LOG.warn(
                  "{}: item belongs to no collection in this catalog; not served",
                  item.location().map(URI::toString).orElse(item.id()));
              return;
            }
            items.get(c).add(item.toJson());
          });
    }
  }

  /**
   * Only the local tree under the catalog's folder is served: links to other hosts, and links that
   * leave the folder (by {@code ..}, an absolute {@code file:} URI or a symbolic link), are not
   * followed.
   */
  private boolean local(URI u) {
    if (!"file".equals(u.getScheme())) {
      LOG.warn("{}: link {} is not a local file; not followed", root, u);
      return false;
    }
    Path p;
    try {
      p = realOrNormal(Path.of(u));
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      LOG.warn("{}: link {} is not a usable file URI; not followed", root, u);
      return false;
    }
    if (!p.startsWith(folder)) {
      LOG.warn("{}: link {} leaves the catalog folder {}; not served", root, u, folder);
      return false;
    }
    return true;
  }

  private static Path realOrNormal(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      return abs.toRealPath();
    } catch (java.io.IOException e) {
      return abs;
    }
  }

  private static ObjectNode withoutStructuralLinks(ObjectNode doc) {
    ObjectNode copy = doc.deepCopy();
    JsonNode links = copy.get("links");
    if (links != null && links.isArray()) {
      var kept = Json.mapper().createArrayNode();
      for (JsonNode l : links) {
        String rel = l.path("rel").asText();
        if (!Set.of("self", "root", "parent", "child", "item", "items").contains(rel)) {
          kept.add(l);
        }
      }
      copy.set("links", kept);
    }
    return copy;
  }

  /** The catalog file the store was read from. */
  public Path root() {
    return root;
  }

  @Override
  public List<ObjectNode> collections() {
    return memory.collections();
  }

  @Override
  public Optional<ObjectNode> collection(String collectionId) {
    return memory.collection(collectionId);
  }

  @Override
  public List<StoredItem> items(String collectionId) {
    return memory.items(collectionId);
  }

  @Override
  public Optional<StoredItem> item(String collectionId, String itemId) {
    return memory.item(collectionId, itemId);
  }

  /** {@inheritDoc} In memory only; the catalog files are not changed. */
  @Override
  public void createCollection(ObjectNode collection) {
    memory.createCollection(collection);
  }

  /** {@inheritDoc} In memory only; the catalog files are not changed. */
  @Override
  public void updateCollection(String collectionId, ObjectNode collection) {
    memory.updateCollection(collectionId, collection);
  }

  /** {@inheritDoc} In memory only; the catalog files are not changed. */
  @Override
  public void deleteCollection(String collectionId) {
    memory.deleteCollection(collectionId);
  }

  /** {@inheritDoc} In memory only; the catalog files are not changed. */
  @Override
  public void createItem(String collectionId, ObjectNode item) {
    memory.createItem(collectionId, item);
  }

  /** {@inheritDoc} In memory only; the catalog files are not changed. */
  @Override
  public void updateItem(String collectionId, String itemId, ObjectNode item) {
    memory.updateItem(collectionId, itemId, item);
  }

  /** {@inheritDoc} In memory only; the catalog files are not changed. */
  @Override
  public void deleteItem(String collectionId, String itemId) {
    memory.deleteItem(collectionId, itemId);
  }

  @Override
  public String toString() {
    return "StaticCatalogStore[" + root + "]";
  }
}
