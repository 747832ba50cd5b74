package io.waterbodies.stac.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.stac.client.internal.HttpTransport;
import io.waterbodies.stac.client.internal.PageRequest;
import io.waterbodies.stac.client.internal.Pager;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The results of an item search or item listing, fetched lazily: nothing is requested until a
 * stream is consumed (or {@link #matched()} is asked), and pages are requested one at a time as the
 * consumer advances. Each call to {@code items...()} or {@code pages...()} starts from the first
 * page again; {@link #matched()} fetches the first page once and remembers it. Streams are not
 * thread-safe; use one stream per thread.
 */
public final class SearchResults {
  private final HttpTransport transport;
  private final List<PageRequest> starts;
  private final long maxItems;
  private ObjectNode firstPage;

  SearchResults(HttpTransport transport, List<PageRequest> starts, long maxItems) {
    this.transport = transport;
    this.starts = List.copyOf(starts);
    this.maxItems = maxItems;
  }

  /**
   * The number of items matching the search as the server reports it ({@code numberMatched}, or
   * {@code context.matched} of the older context extension), empty when it does not say or when the
   * search is spread over several collection item listings.
   *
   * @throws StacApiException when the first page cannot be fetched
   */
  public OptionalLong matched() {
    if (starts.size() != 1) {
      return OptionalLong.empty();
    }
    ObjectNode page = firstPage();
    JsonNode n = page.get("numberMatched");
    if (n == null || !n.canConvertToLong()) {
      n = page.path("context").get("matched");
    }
    return n != null && n.canConvertToLong() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
  }

  /** The pages as the server sent them (feature collections), the last cut to the item cap. */
  public Stream<ObjectNode> pagesAsJson() {
    return stream(pageIterator());
  }

  /** The items as JSON objects, across pages, up to the item cap. */
  public Stream<ObjectNode> itemsAsJson() {
    return pagesAsJson()
        .flatMap(
            p ->
                StreamSupport.stream(p.path("features").spliterator(), false)
                    .filter(JsonNode::isObject)
                    .map(ObjectNode.class::cast));
  }

  /** The request that fetches the first page, for diagnostics. */
  public String firstRequest() {
    return starts.isEmpty() ? "" : starts.get(0).method() + " " + starts.get(0).uri();
  }

  private synchronized ObjectNode firstPage() {
    if (firstPage == null) {
      firstPage = new Pager(transport, starts, Long.MAX_VALUE, "features").next();
    }
    return firstPage;
  }

  private Iterator<ObjectNode> pageIterator() {
    return new Pager(transport, starts, maxItems, "features");
  }

  private static <T> Stream<T> stream(Iterator<T> it) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}
