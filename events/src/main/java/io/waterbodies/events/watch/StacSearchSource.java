package io.waterbodies.events.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.events.watch.internal.StacApiSearchSource;
import io.waterbodies.stac.client.StacApiClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link StacWatcher} finds new items: a STAC API search restricted to a time window. The
 * STAC API client plugs in here; tests use an in-memory list or a small HTTP server.
 */
public interface StacSearchSource {
  /**
   * A search of a STAC API through the {@code stac} module's client (which the caller opens and
   * closes), 100 items per page.
   *
   * @param collections the collections searched (empty: all)
   * @param bbox the area searched, when given
   */
  static StacSearchSource stacApi(
      StacApiClient client, List<String> collections, Optional<Bbox> bbox) {
    return new StacApiSearchSource(client, collections, bbox, 100);
  }

  /**
   * All items whose datetime lies in {@code [from, to]}, every page followed.
   *
   * @throws RuntimeException when the API fails; the watcher backs off and retries the window
   */
  List<JsonNode> search(Instant from, Instant to);

  /**
   * The URL of an item that has no {@code self} link, if this source can tell; the default has
   * none, and such items are skipped with a warning.
   */
  default Optional<String> itemUrl(JsonNode item) {
    return Optional.empty();
  }

  /** What this source searches, for logs (no credentials). */
  default String describe() {
    return getClass().getSimpleName();
  }
}
