package io.waterbodies.events.pipeline.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.events.watch.StacSearchSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a pipeline from watching its own output: when result Items are POSTed to the API the
 * pipeline also watches (the embedded default), a search over all collections would return them,
 * and each result would trigger a detection of itself. Drops the items of the result collection.
 */
final class OwnResultsFilter implements StacSearchSource {
  private final StacSearchSource delegate;
  private final String resultCollection;

  OwnResultsFilter(StacSearchSource delegate, String resultCollection) {
    this.delegate = delegate;
    this.resultCollection = resultCollection;
  }

  @Override
  public List<JsonNode> search(Instant from, Instant to) {
    return delegate.search(from, to).stream()
        .filter(i -> !resultCollection.equals(i.path("collection").asText()))
        .toList();
  }

  @Override
  public Optional<String> itemUrl(JsonNode item) {
    return delegate.itemUrl(item);
  }

  @Override
  public String describe() {
    return delegate.describe() + " (without the result collection " + resultCollection + ")";
  }
}
