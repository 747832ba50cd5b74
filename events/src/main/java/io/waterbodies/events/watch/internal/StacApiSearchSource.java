package io.waterbodies.events.watch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Item;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link StacSearchSource} over the {@code stac} module's STAC API client (item search, or the
 * collections' item listings where the API has no search; every page followed).
 */
public final class StacApiSearchSource implements StacSearchSource {
  private final StacApiClient client;
  private final List<String> collections;
  private final Optional<Bbox> bbox;
  private final int limit;

  /**
   * Searches {@code collections} (empty: all) through {@code client}, {@code limit} per page,
   * restricted to {@code bbox} when given.
   */
  public StacApiSearchSource(
      StacApiClient client, List<String> collections, Optional<Bbox> bbox, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("page size must be positive: " + limit);
    }
    this.client = client;
    this.collections = List.copyOf(collections);
    this.bbox = bbox;
    this.limit = limit;
  }

  @Override
  public List<JsonNode> search(Instant from, Instant to) {
    ItemSearch.Builder s = ItemSearch.builder().datetime(from + "/" + to).limit(limit);
    if (!collections.isEmpty()) {
      s.collections(collections);
    }
    bbox.ifPresent(s::bbox);
    return client.search(s.build()).items().map(Item::toJson).map(JsonNode.class::cast).toList();
  }

  @Override
  public String describe() {
    return "STAC API "
        + Redaction.redact(client.uri().toString())
        + " collections="
        + collections
        + bbox.map(b -> " bbox=" + b).orElse("");
  }
}
