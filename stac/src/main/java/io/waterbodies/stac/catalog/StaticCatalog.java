package io.waterbodies.stac.catalog;

import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.CatalogLike;
import io.waterbodies.stac.model.Hrefs;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.Link;
import io.waterbodies.stac.model.StacDocument;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A static STAC catalog tree read from files or URLs: the root Catalog or Collection, its children
 * and items, with every relative href resolved against the location of the document holding it.
 * Children and items are read lazily, when the streams reach them, so walking a large catalog does
 * not hold it all in memory.
 *
 * <pre>{@code
 * StaticCatalog cat = StaticCatalog.open(Path.of("out/catalog.json"));
 * try (Stream<Item> items = cat.allItems()) {
 *   items.forEach(i -> process(i));
 * }
 * }</pre>
 */
public final class StaticCatalog {
  private final CatalogLike root;
  private final URI location;
  private final StacReader reader;

  private StaticCatalog(CatalogLike root, URI location, StacReader reader) {
    this.root = root;
    this.location = location;
    this.reader = reader;
  }

  /** Opens the catalog or collection file at {@code file}. */
  public static StaticCatalog open(Path file) {
    return open(file.toAbsolutePath().normalize().toUri(), StacReader.create());
  }

  /** Opens the catalog or collection at a {@code file:} or {@code http(s):} URI. */
  public static StaticCatalog open(URI uri) {
    return open(uri, StacReader.create());
  }

  /**
   * Opens the catalog or collection at a URI with a given reader (for limits and HTTP settings).
   *
   * @throws StacFormatException when the document is not a Catalog or Collection
   */
  public static StaticCatalog open(URI uri, StacReader reader) {
    Objects.requireNonNull(reader, "reader");
    StacDocument doc = reader.read(uri);
    CatalogLike root = StacReader.expect(doc, CatalogLike.class, uri.toString());
    return new StaticCatalog(root, uri, reader);
  }

  /** The Catalog or Collection at this node (its location is set). */
  public CatalogLike root() {
    return root;
  }

  /** Where this node's document is. */
  public URI location() {
    return location;
  }

  /** The child catalogs and collections ({@code rel=child}), read as the stream reaches them. */
  public Stream<StaticCatalog> children() {
    return root.childLinks().stream().map(l -> open(resolve(l), reader));
  }

  /** This node's items ({@code rel=item}), read as the stream reaches them. */
  public Stream<Item> items() {
    return items(u -> true);
  }

  /**
   * This node's items whose resolved location {@code follow} accepts (for example only {@code
   * file:} URIs, to stay in a local tree), read as the stream reaches them.
   */
  public Stream<Item> items(Predicate<URI> follow) {
    return root.itemLinks().stream()
        .map(this::resolve)
        .filter(follow)
        .map(u -> StacReader.expect(reader.read(u), Item.class, u.toString()));
  }

  /** Every item of this node and its descendants, depth first; each catalog is visited once. */
  public Stream<Item> allItems() {
    return walk().flatMap(StaticCatalog::items);
  }

  /** This node and every descendant catalog, depth first; each visited once (cycles are cut). */
  public Stream<StaticCatalog> walk() {
    return walk(u -> true);
  }

  /**
   * This node and every descendant catalog reached through child links whose resolved location
   * {@code follow} accepts, depth first (a parent before its children); each visited once.
   */
  public Stream<StaticCatalog> walk(Predicate<URI> follow) {
    return walk(new HashSet<>(), follow);
  }

  private Stream<StaticCatalog> walk(Set<URI> seen, Predicate<URI> follow) {
    if (!seen.add(location.normalize())) {
      return Stream.empty();
    }
    return Stream.concat(
        Stream.of(this),
        childLocations().stream()
            .filter(follow)
            .filter(u -> !seen.contains(u))
            .flatMap(u -> open(u, reader).walk(seen, follow)));
  }

  /** The resolved locations of this node's child links ({@code rel=child}), not read. */
  public List<URI> childLocations() {
    return root.childLinks().stream().map(this::resolve).toList();
  }

  /** The child nodes, read now. */
  public List<StaticCatalog> childList() {
    try (Stream<StaticCatalog> s = children()) {
      return s.toList();
    }
  }

  private URI resolve(Link link) {
    return Hrefs.resolve(location, link.href()).normalize();
  }
}
