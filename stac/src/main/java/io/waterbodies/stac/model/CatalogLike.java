package io.waterbodies.stac.model;

import java.util.List;
import java.util.Optional;

/** What Catalogs and Collections share: a title, a description, child and item links. */
public sealed interface CatalogLike extends StacObject permits Catalog, Collection {
  /** A short descriptive title. */
  Optional<String> title();

  /** The description (CommonMark). */
  String description();

  /** Links to child catalogs and collections. */
  default List<Link> childLinks() {
    return links(Link.REL_CHILD);
  }

  /** Links to items. */
  default List<Link> itemLinks() {
    return links(Link.REL_ITEM);
  }
}
