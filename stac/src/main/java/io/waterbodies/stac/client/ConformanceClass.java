package io.waterbodies.stac.client;

import java.util.List;

/**
 * STAC API conformance classes the client acts on. A landing page's {@code conformsTo} URIs match
 * whatever their version, so {@code https://api.stacspec.org/v1.0.0-rc.1/item-search} declares
 * {@link #ITEM_SEARCH}; the equivalent OGC API classes match too where there are any.
 */
public enum ConformanceClass {
  /** STAC API core. */
  CORE(List.of("core"), List.of()),
  /** Item search at {@code /search}. */
  ITEM_SEARCH(List.of("item-search"), List.of()),
  /** Collections at {@code /collections}. */
  COLLECTIONS(List.of("collections"), List.of("ogcapi-features-1/core")),
  /** OGC API Features: items at {@code /collections/{id}/items}. */
  FEATURES(List.of("ogcapi-features"), List.of("ogcapi-features-1/core")),
  /** Item search filter extension (CQL2). */
  FILTER(
      List.of("item-search#filter", "ogcapi-features/extensions/filter"),
      List.of("ogcapi-features-3/filter", "ogcapi-features-3/features-filter")),
  /** Item search sort extension. */
  SORT(List.of("item-search#sort", "ogcapi-features#sort"), List.of()),
  /** Item search fields extension. */
  FIELDS(List.of("item-search#fields", "ogcapi-features#fields"), List.of()),
  /** Item search query extension. */
  QUERY(List.of("item-search#query", "ogcapi-features#query"), List.of()),
  /** Item search context extension. */
  CONTEXT(List.of("item-search#context", "ogcapi-features#context"), List.of()),
  /** Transactions: create, update and delete items and collections. */
  TRANSACTION(
      List.of("ogcapi-features/extensions/transaction", "collections/extensions/transaction"),
      List.of("ogcapi-features-4/create-replace-delete")),
  /** Collection search. */
  COLLECTION_SEARCH(List.of("collection-search"), List.of());

  private final List<String> stacSuffixes;
  private final List<String> ogcSuffixes;

  ConformanceClass(List<String> stacSuffixes, List<String> ogcSuffixes) {
    this.stacSuffixes = stacSuffixes;
    this.ogcSuffixes = ogcSuffixes;
  }

  /** What follows {@code https://api.stacspec.org/v<version>/} in the URIs of this class. */
  public List<String> stacSuffixes() {
    return stacSuffixes;
  }

  /** {@code <spec>/<class>} of equivalent OGC API URIs ({@code www.opengis.net/spec/...}). */
  public List<String> ogcSuffixes() {
    return ogcSuffixes;
  }

  /** The URI this SDK's server declares for the class (STAC API v1.0.0). */
  public String uri() {
    return "https://api.stacspec.org/v1.0.0/" + stacSuffixes.get(0);
  }
}
