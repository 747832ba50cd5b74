package io.waterbodies.stac.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.stac.StacException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StacStore} serving a static STAC catalog directory: the tree under {@code catalog.json}
 * (or a collection.json) is read once, following {@code child} and {@code item} links with relative
 * hrefs; collections become API collections and items join the nearest collection above them (or
 * the one their {@code collection} field names). Items that belong to no collection are skipped
 * with a warning, since the API serves items only through collections.
 *
 * <p>Writes through the transactions endpoints change the served data <b>in memory only</b>; the
 * files on disk are never modified.
 */
public final class StaticCatalogStore implements StacStore {
  private static final Logger LOG = LoggerFactory.getLogger(StaticCatalogStore.class);

  private final Path root;
  private final InMemoryStacStore memory = new InMemoryStacStore();

  private StaticCatalogStore(Path root) {
    this.root = root;
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
    Map<String, List<ObjectNode>> items = new LinkedHashMap<>();
    store.walk(store.root, null, new HashSet<>(), items);
    items.forEach(store.memory::putItems);
    return store;
  }

  private void walk(
      Path file, String collection, Set<Path> seen, Map<String, List<ObjectNode>> items) {
    if (!seen.add(file)) {
      return;
    }
    ObjectNode doc = read(file);
    String type = doc.path("type").asText();
    String current = collection;
    if (type.equals("Collection")) {
      current = doc.path("id").asText();
      if (memory.collection(current).isEmpty()) {
        memory.createCollection(withoutStructuralLinks(doc));
        items.putIfAbsent(current, new ArrayList<>());
      } else {
        LOG.warn("{}: collection '{}' appears twice; keeping the first", file, current);
      }
    } else if (!type.equals("Catalog")) {
      throw new StacException(
          "expected a Catalog or Collection, found type '" + type + "'",
          file.toString(),
          "/type",
          null);
    }
    for (JsonNode link : doc.path("links")) {
      String rel = link.path("rel").asText();
      String href = link.path("href").asText("");
      if (href.isEmpty() || href.contains("://")) {
        continue; // only the local tree is served
      }
      Path target = file.getParent().resolve(href).normalize();
      if (rel.equals("child")) {
        walk(target, current, seen, items);
      } else if (rel.equals("item") && seen.add(target)) {
        ObjectNode item = read(target);
        // The collection the tree puts the item in wins over a stale "collection" field.
        String c = current != null ? current : item.path("collection").asText("");
        if (c.isEmpty() || !items.containsKey(c)) {
          LOG.warn("{}: item belongs to no collection in this catalog; not served", target);
          continue;
        }
        items.get(c).add(item);
      }
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

  private static ObjectNode read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      JsonNode n = Json.parse(in, file.toString());
      if (!n.isObject()) {
        throw new StacException("not a JSON object", file.toString(), "", null);
      }
      return (ObjectNode) n;
    } catch (JsonException e) {
      throw new StacException(
          "cannot read STAC document: " + e.getMessage(), file.toString(), null, e);
    } catch (IOException e) {
      throw new StacException("cannot read file: " + e.getMessage(), file.toString(), null, e);
    }
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
