package io.waterbodies.events.pipeline.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Item;
import java.time.Instant;
import java.util.List;

/** A {@link StacSearchSource} over the {@code stac} module's STAC API client. */
public final class StacApiSearchSource implements StacSearchSource {
  private final StacApiClient client;
  private final List<String> collections;
  private final int limit;

  /** Searches {@code collections} (empty: all) through {@code client}, {@code limit} per page. */
  public StacApiSearchSource(StacApiClient client, List<String> collections, int limit) {
    this.client = client;
    this.collections = List.copyOf(collections);
    this.limit = limit;
  }

  @Override
  public List<JsonNode> search(Instant from, Instant to) {
    ItemSearch.Builder s = ItemSearch.builder().datetime(from + "/" + to).limit(limit);
    if (!collections.isEmpty()) {
      s.collections(collections);
    }
    return client.search(s.build()).items().map(Item::toJson).map(JsonNode.class::cast).toList();
  }

  @Override
  public String describe() {
    return "STAC API " + Redaction.redact(client.uri().toString()) + " " + collections;
  }
}
