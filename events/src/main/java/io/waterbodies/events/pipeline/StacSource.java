package io.waterbodies.events.pipeline;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.stac.model.Item;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a pipeline's items come from: an embedded STAC API server the pipeline starts and fills
 * with the given items, or an existing STAC API.
 */
public final class StacSource {
  private final Optional<URI> api;
  private final List<Item> items;
  private final List<String> collections;
  private final Optional<Bbox> bbox;

  private StacSource(
      Optional<URI> api, List<Item> items, List<String> collections, Optional<Bbox> bbox) {
    this.api = api;
    this.items = List.copyOf(items);
    this.collections = List.copyOf(collections);
    this.bbox = bbox;
  }

  /**
   * An embedded STAC API server (loopback, ephemeral port) serving {@code items}; every item must
   * name its collection, and the collections are created for it.
   *
   * @throws IllegalArgumentException when an item names no collection
   */
  public static StacSource embedded(List<Item> items) {
    for (Item i : items) {
      if (i.collection().isEmpty()) {
        throw new IllegalArgumentException(
            "item '" + i.id() + "' names no collection; the embedded STAC API needs one");
      }
    }
    List<String> cols = items.stream().map(i -> i.collection().orElseThrow()).distinct().toList();
    return new StacSource(Optional.empty(), items, cols, Optional.empty());
  }

  /** An existing STAC API, searched in the given collections (none: all). */
  public static StacSource api(URI root, String... collections) {
    Objects.requireNonNull(root, "root");
    return new StacSource(Optional.of(root), List.of(), List.of(collections), Optional.empty());
  }

  /** The API root, or empty for an embedded server. */
  public Optional<URI> api() {
    return api;
  }

  /** The items served by the embedded server (empty for an existing API). */
  public List<Item> items() {
    return items;
  }

  /** The collections searched (empty: all). */
  public List<String> collections() {
    return collections;
  }

  /**
   * The same source with its searches restricted to items intersecting {@code bbox} (WGS 84), so a
   * large API such as Earth Search yields only the items of one area.
   */
  public StacSource within(Bbox bbox) {
    return new StacSource(api, items, collections, Optional.of(bbox));
  }

  /** The area searched, when restricted. */
  public Optional<Bbox> bbox() {
    return bbox;
  }

  @Override
  public String toString() {
    return api.map(u -> "STAC API " + Redaction.redact(u.toString()))
            .orElse("embedded STAC API (" + items.size() + " items)")
        + bbox.map(b -> " within " + b).orElse("");
  }
}
