package io.waterbodies.stac.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.stac.client.internal.HttpTransport;
import io.waterbodies.stac.client.internal.ModelConversion;
import io.waterbodies.stac.client.internal.PageRequest;
import io.waterbodies.stac.client.internal.Pager;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.ItemCollection;
import java.util.ArrayList;
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
    return matchedOf(firstPage());
  }

  private static OptionalLong matchedOf(ObjectNode page) {
    JsonNode n = page.get("numberMatched");
    if (n == null || !n.canConvertToLong()) {
      n = page.path("context").get("matched");
    }
    return n != null && n.canConvertToLong() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
  }

  /**
   * The items across pages, up to the item cap, as model {@link Item}s located at their {@code
   * self} link (or the page URL), so relative asset hrefs resolve.
   *
   * @throws StacApiException when a page cannot be fetched
   * @throws io.waterbodies.stac.StacFormatException naming the page URL and JSON pointer when an
   *     item is not a valid STAC Item
   */
  public Stream<Item> items() {
    return pagesWithUri()
        .flatMap(
            p -> {
              List<Item> out = new ArrayList<>();
              JsonNode features = p.page().path("features");
              for (int i = 0; i < features.size(); i++) {
                out.add(ModelConversion.item(features.get(i), p.uri(), "/features/" + i));
              }
              return out.stream();
            });
  }

  /**
   * The pages as model {@link ItemCollection}s (with their links, {@code numberMatched} and {@code
   * numberReturned} as sent; the last page's features cut to the item cap).
   */
  public Stream<ItemCollection> pages() {
    return pagesWithUri().map(p -> ModelConversion.itemCollection(p.page(), p.uri()));
  }

  /**
   * All items (up to the item cap) in one {@link ItemCollection}, with {@code numberMatched} when
   * the server reported it. Holds everything in memory; prefer {@link #items()} for large results.
   */
  public ItemCollection itemCollection() {
    List<Item> all = new ArrayList<>();
    OptionalLong[] matched = {OptionalLong.empty()};
    pagesWithUri()
        .forEach(
            p -> {
              if (all.isEmpty() && matched[0].isEmpty() && starts.size() == 1) {
                matched[0] = matchedOf(p.page());
              }
              JsonNode features = p.page().path("features");
              for (int i = 0; i < features.size(); i++) {
                all.add(ModelConversion.item(features.get(i), p.uri(), "/features/" + i));
              }
            });
    ObjectNode doc = ItemCollection.of(all).toJson();
    matched[0].ifPresent(m -> doc.put("numberMatched", m));
    doc.put("numberReturned", all.size());
    return ItemCollection.fromJson(doc);
  }

  private Stream<Pager.Fetched> pagesWithUri() {
    Pager pager = new Pager(transport, starts, maxItems, "features");
    Iterator<Pager.Fetched> it =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return pager.hasNext();
          }

          @Override
          public Pager.Fetched next() {
            ObjectNode page = pager.next();
            return new Pager.Fetched(pager.lastUri(), page);
          }
        };
    return stream(it);
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
