package io.waterbodies.stac.catalog;

import io.waterbodies.core.secret.Redaction;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.StacIoException;
import io.waterbodies.stac.io.StacWriter;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Catalog;
import io.waterbodies.stac.model.CatalogLike;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Hrefs;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.Link;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a self-contained static catalog, as pystac's {@code
 * normalize_and_save(CatalogType.SELF_CONTAINED)} lays it out: {@code catalog.json} (or {@code
 * collection.json}) at the top, each item at {@code <item id>/<item id>.json}, each child at {@code
 * <child id>/catalog.json}, all links relative and no {@code self} links, so the folder can be
 * moved or published as it is. Local asset files are copied beside their item's JSON and referenced
 * as {@code ./<file name>}; remote assets keep their absolute URLs.
 *
 * <p>Only files under the output folder are written, and asset file names are sanitised. A local
 * asset is copied only when it lies under its source item's folder or under the output folder;
 * {@link #allowingAssetsUnder(Path)} and {@link #allowingAssetsAnywhere()} allow more. Any other
 * local asset ({@code file:///etc/...}, {@code ../../../x/secret.txt}) is refused with a {@link
 * StacFormatException} naming the asset, so a hostile item cannot publish files from elsewhere.
 *
 * <pre>{@code
 * Path root = CatalogWriter.selfContained().write(catalog, List.of(item), Path.of("out"));
 * }</pre>
 */
public final class CatalogWriter {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogWriter.class);

  private final boolean copyAssets;
  private final List<Path> allowedRoots;
  private final boolean anywhere;

  private CatalogWriter(boolean copyAssets, List<Path> allowedRoots, boolean anywhere) {
    this.copyAssets = copyAssets;
    this.allowedRoots = List.copyOf(allowedRoots);
    this.anywhere = anywhere;
  }

  /** A writer that copies local assets beside the items. */
  public static CatalogWriter selfContained() {
    return new CatalogWriter(true, List.of(), false);
  }

  /**
   * A copy of this writer that leaves local assets where they are and references them by absolute
   * {@code file:} URI instead.
   */
  public CatalogWriter withoutCopyingAssets() {
    return new CatalogWriter(false, allowedRoots, anywhere);
  }

  /**
   * A copy of this writer that also copies local assets lying under {@code folder} (besides the
   * item's own folder and the output folder).
   */
  public CatalogWriter allowingAssetsUnder(Path folder) {
    List<Path> roots = new ArrayList<>(allowedRoots);
    roots.add(realOrAbsolute(folder));
    return new CatalogWriter(copyAssets, roots, anywhere);
  }

  /**
   * A copy of this writer that copies local assets from anywhere. Use it only for items you trust:
   * an item from elsewhere could name any readable file.
   */
  public CatalogWriter allowingAssetsAnywhere() {
    return new CatalogWriter(copyAssets, allowedRoots, true);
  }

  /**
   * Writes {@code root} with {@code items} directly under it into {@code directory}.
   *
   * @return the path of the root document
   * @throws StacIoException when a file cannot be written or an asset cannot be copied
   * @throws StacFormatException when an id cannot be used as a file name
   */
  public Path write(CatalogLike root, java.util.Collection<Item> items, Path directory) {
    return writeNode(root, items.stream(), List.of(), directory, null, 0, fileName(root));
  }

  /**
   * Writes a whole catalog tree read from elsewhere into {@code directory}: every child and item,
   * read one at a time.
   *
   * @return the path of the root document
   */
  public Path write(StaticCatalog source, Path directory) {
    return writeTree(source, directory, null, 0, fileName(source.root()), new HashSet<>());
  }

  private Path writeTree(
      StaticCatalog node, Path dir, CatalogLike parent, int depth, String rootFile, Set<URI> seen) {
    seen.add(node.location().normalize());
    List<StaticCatalog> children =
        node.childList().stream().filter(c -> !seen.contains(c.location().normalize())).toList();
    Set<String> childIds = new HashSet<>();
    for (StaticCatalog c : children) {
      if (!childIds.add(c.root().id())) {
        throw duplicate("child", c.root().id(), node.root());
      }
    }
    Path file;
    try (Stream<Item> items = node.items()) {
      file =
          writeNode(
              node.root(),
              items,
              children.stream().map(StaticCatalog::root).toList(),
              dir,
              parent,
              depth,
              rootFile);
    }
    for (StaticCatalog child : children) {
      writeTree(
          child, dir.resolve(safe(child.root().id())), node.root(), depth + 1, rootFile, seen);
    }
    return file;
  }

  private Path writeNode(
      CatalogLike node,
      Stream<Item> items,
      List<CatalogLike> children,
      Path dir,
      CatalogLike parent,
      int depth,
      String rootFile) {
    List<String> itemIds = new ArrayList<>();
    items.forEach(
        item -> {
          String id = safe(item.id());
          if (itemIds.contains(id)) {
            throw duplicate("item", id, node);
          }
          writeItem(item, node, dir.resolve(id), depth + 1, rootFile);
          itemIds.add(id);
        });
    List<Link> links = new ArrayList<>();
    links.add(json(Link.REL_ROOT, depth == 0 ? "./" + rootFile : "../".repeat(depth) + rootFile));
    if (parent != null) {
      links.add(json(Link.REL_PARENT, "../" + fileName(parent)));
    }
    for (CatalogLike child : children) {
      links.add(json(Link.REL_CHILD, "./" + safe(child.id()) + "/" + fileName(child)));
    }
    for (String id : itemIds) {
      links.add(
          Link.builder(Link.REL_ITEM, "./" + id + "/" + id + ".json")
              .type("application/geo+json")
              .build());
    }
    links.addAll(keptLinks(node.links(), true));
    CatalogLike out =
        node instanceof Catalog c
            ? c.toBuilder().links(links).location(null).build()
            : ((Collection) node).toBuilder().links(links).location(null).build();
    Path file = dir.resolve(fileName(node));
    StacWriter.pretty().write(out, file);
    return file;
  }

  private static StacFormatException duplicate(String what, String id, CatalogLike parent) {
    return new StacFormatException(
        "two "
            + (what.equals("child") ? "children" : "items")
            + " of '"
            + parent.id()
            + "' have the id '"
            + id
            + "'; a self-contained catalog names folders by id, so ids must be unique",
        parent.location().map(URI::toString).orElse(null),
        null,
        null);
  }

  private static Link json(String rel, String href) {
    return Link.builder(rel, href).type("application/json").build();
  }

  private static String fileName(CatalogLike node) {
    return node instanceof Collection ? "collection.json" : "catalog.json";
  }

  /**
   * Links that survive relinking: everything but the structural ones we rewrite. An item's {@code
   * collection} link is kept when its parent is not a collection (nothing replaces it then, and
   * STAC requires it beside the item's {@code collection} field).
   */
  private static List<Link> keptLinks(List<Link> links, boolean replaceCollection) {
    Set<String> structural =
        replaceCollection
            ? Set.of(
                Link.REL_SELF,
                Link.REL_ROOT,
                Link.REL_PARENT,
                Link.REL_CHILD,
                Link.REL_ITEM,
                Link.REL_COLLECTION)
            : Set.of(Link.REL_SELF, Link.REL_ROOT, Link.REL_PARENT, Link.REL_CHILD, Link.REL_ITEM);
    return links.stream().filter(l -> !structural.contains(l.rel())).toList();
  }

  private void writeItem(Item item, CatalogLike parent, Path itemDir, int depth, String rootFile) {
    Item.Builder b = item.toBuilder().location(null);
    List<Link> links = new ArrayList<>();
    links.add(json(Link.REL_ROOT, "../".repeat(depth) + rootFile));
    links.add(json(Link.REL_PARENT, "../" + fileName(parent)));
    if (parent instanceof Collection c) {
      links.add(json(Link.REL_COLLECTION, "../collection.json"));
      b.collection(c.id());
    }
    links.addAll(keptLinks(item.links(), parent instanceof Collection));
    b.links(links);
    Set<String> used = new HashSet<>();
    for (Map.Entry<String, Asset> e : item.assets().entrySet()) {
      String href = placeAsset(item, e.getKey(), e.getValue(), itemDir, used);
      if (!href.equals(e.getValue().href())) {
        b.asset(e.getKey(), e.getValue().toBuilder().href(href).build());
      }
    }
    StacWriter.pretty().write(b.build(), itemDir.resolve(safe(item.id()) + ".json"));
  }

  /** Copies a local asset beside the item and returns its new href. */
  private String placeAsset(Item item, String key, Asset asset, Path itemDir, Set<String> used) {
    URI base = item.location().orElse(null);
    URI target = Hrefs.resolve(base, asset.href());
    if (!target.isAbsolute() || !"file".equals(target.getScheme())) {
      if (!target.isAbsolute()) {
        LOG.warn(
            "asset {} of item {} has the relative href {} and the item has no location to resolve"
                + " it against; written unchanged",
            key,
            item.id(),
            asset.href());
      }
      return target.isAbsolute() ? target.toString() : asset.href();
    }
    Path source = Path.of(target);
    if (!copyAssets) {
      return target.toString();
    }
    if (!Files.isRegularFile(source)) {
      throw new StacIoException(
          "asset '" + key + "' of item '" + item.id() + "' not found", source.toString(), null);
    }
    checkAllowed(item, key, asset, source, itemDir);
    String name = fileNameFor(source.getFileName().toString());
    if (!used.add(name)) {
      name = fileNameFor(key + "-" + name);
      used.add(name);
    }
    Path dest = itemDir.resolve(name);
    if (!itemDir.equals(dest.getParent())) {
      // Cannot happen with a sanitised name; checked so that a future change cannot reopen it.
      throw new StacFormatException(
          "asset '" + key + "' of item '" + item.id() + "' would be written outside " + itemDir,
          null,
          "/assets/" + key,
          null);
    }
    try {
      Files.createDirectories(itemDir);
      if (!Files.exists(dest) || !Files.isSameFile(source, dest)) {
        Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StacIoException(
          "cannot copy asset to " + dest + ": " + e.getMessage(), source.toString(), e);
    }
    return "./" + name;
  }

  /**
   * Refuses a local asset that lies outside the item's own folder, the output folder and the
   * folders the caller allowed (after resolving {@code ..} and symbolic links).
   */
  private void checkAllowed(Item item, String key, Asset asset, Path source, Path itemDir) {
    if (anywhere) {
      return;
    }
    Path real = realOrAbsolute(source);
    List<Path> roots = new ArrayList<>(allowedRoots);
    // The output folder: the item folder's parent (the catalog node being written) and up.
    roots.add(realOrAbsolute(itemDir.toAbsolutePath().getParent()));
    item.location()
        .filter(u -> "file".equals(u.getScheme()))
        .map(u -> Path.of(u).getParent())
        .ifPresent(p -> roots.add(realOrAbsolute(p)));
    for (Path root : roots) {
      if (real.startsWith(root)) {
        return;
      }
    }
    throw new StacFormatException(
        "asset '"
            + key
            + "' of item '"
            + item.id()
            + "' refers to "
            + Redaction.redact(asset.href())
            + ", outside the item's folder and the output folder; it is not copied into the"
            + " catalog (allow its folder with CatalogWriter.allowingAssetsUnder(...) if you trust"
            + " the item)",
        item.location().map(u -> Redaction.redact(u.toString())).orElse(null),
        "/assets/" + key + "/href",
        null);
  }

  private static Path realOrAbsolute(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      return abs.toRealPath();
    } catch (IOException e) {
      return abs;
    }
  }

  /**
   * A file name safe in any file system: letters, digits, {@code . _ -}, not starting with a dot.
   */
  static String fileNameFor(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      boolean ok =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || ch == '_'
              || ch == '-'
              || (ch == '.' && sb.length() > 0);
      sb.append(ok ? ch : '_');
    }
    return sb.length() == 0 ? "_" : sb.toString();
  }

  /** An id usable as a file or folder name. */
  private static String safe(String id) {
    if (id.isEmpty()
        || id.equals(".")
        || id.equals("..")
        || id.contains("/")
        || id.contains("\\")
        || id.contains("\0")) {
      throw new StacFormatException(
          "id '" + id + "' cannot be used as a file name in a self-contained catalog",
          null,
          "/id",
          null);
    }
    return id;
  }
}
