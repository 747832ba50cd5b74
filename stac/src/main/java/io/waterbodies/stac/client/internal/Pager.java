package io.waterbodies.stac.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.stac.client.StacApiException;
import io.waterbodies.stac.internal.Uris;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the pages of a search or item listing: follows {@code rel=next} links as given (GET links
 * by href, POST links with their {@code body}, {@code headers} and {@code merge}), and stops when
 * there is no next link, a page is empty, or the item cap is reached. A page shorter than the
 * requested limit is not taken as the end, because servers may return short pages mid-way.
 */
public final class Pager implements Iterator<ObjectNode> {
  private static final Logger LOG = LoggerFactory.getLogger(Pager.class);
  private final HttpTransport transport;
  private final long maxItems;
  private final String arrayField;
  private final Deque<PageRequest> starts;
  private PageRequest next;
  private URI lastUri;
  private long returned;
  private int pageCount;

  /**
   * A pager starting at {@code first}.
   *
   * @param maxItems the cap on items in all, or {@code Long.MAX_VALUE}
   */
  public Pager(HttpTransport transport, PageRequest first, long maxItems) {
    this(transport, List.of(first), maxItems, "features");
  }

  /**
   * A pager that walks several listings one after the other (for example the items of several
   * collections), sharing the item cap.
   *
   * @param arrayField the member holding the page's entries: {@code features} or {@code
   *     collections}
   */
  public Pager(
      HttpTransport transport, List<PageRequest> starts, long maxItems, String arrayField) {
    this.transport = transport;
    this.starts = new ArrayDeque<>(starts);
    this.next = this.starts.poll();
    this.maxItems = maxItems;
    this.arrayField = arrayField;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !starts.isEmpty()) {
      next = starts.poll();
    }
    return next != null && returned < maxItems;
  }

  /**
   * The next page (a feature collection), its {@code features} cut to the item cap.
   *
   * @throws StacApiException when the request fails or the page is not a feature collection
   */
  @Override
  public ObjectNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more pages");
    }
    PageRequest req = next;
    lastUri = req.uri();
    HttpResult r =
        transport.send(
            req.method(), req.uri(), req.body().map(b -> Json.write(b, false)), req.headers());
    ObjectNode page = transport.object(r);
    JsonNode features = page.get(arrayField);
    if (features == null || !features.isArray()) {
      throw new StacApiException(
          "response is not a STAC "
              + (arrayField.equals("features") ? "ItemCollection" : "collection list")
              + ": it has no '"
              + arrayField
              + "' array",
          req.uri(),
          r.status(),
          null);
    }
    pageCount++;
    ArrayNode items = (ArrayNode) features;
    if (items.size() > maxItems - returned) {
      int keep = (int) (maxItems - returned);
      while (items.size() > keep) {
        items.remove(items.size() - 1);
      }
    }
    returned += items.size();
    next = items.isEmpty() ? null : nextRequest(req, page).orElse(null);
    if (req.equals(next)) {
      // A server that links a page to itself would otherwise be read forever.
      LOG.warn(
          "{}: the next link repeats the request for this page; stopping",
          Redaction.redact(req.uri().toString()));
      next = null;
    }
    return page;
  }

  private static String headerValue(JsonNode v) {
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.asText()));
      return String.join(", ", parts);
    }
    return v.isValueNode() ? v.asText() : Json.write(v, false);
  }

  /** A fetched page and the URL it came from. */
  public record Fetched(URI uri, ObjectNode page) {}

  /** The URL of the page last returned by {@link #next()}. */
  public URI lastUri() {
    return lastUri;
  }

  /** Pages fetched so far. */
  public int pageCount() {
    return pageCount;
  }

  /** The request for the page after {@code page}, from its {@code rel=next} link. */
  static Optional<PageRequest> nextRequest(PageRequest current, ObjectNode page) {
    for (JsonNode link : page.path("links")) {
      if (!"next".equals(link.path("rel").asText()) || !link.path("href").isTextual()) {
        continue;
      }
      URI uri;
      try {
        uri = Uris.resolve(current.uri(), link.get("href").asText());
      } catch (IllegalArgumentException e) {
        throw new StacApiException(
            "the next link is not a valid URL: " + e.getMessage(), current.uri(), -1, e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new StacApiException(
            "the next link points to '"
                + uri
                + "': only http and https links are followed (scheme '"
                + scheme
                + "')",
            current.uri(),
            -1,
            null);
      }
      String method = link.path("method").asText("GET").toUpperCase(Locale.ROOT);
      Map<String, String> headers = new LinkedHashMap<>();
      link.path("headers")
          .properties()
          .forEach(e -> headers.put(e.getKey(), headerValue(e.getValue())));
      Optional<ObjectNode> body = Optional.empty();
      if (!method.equals("GET")) {
        JsonNode linkBody = link.get("body");
        ObjectNode previous = current.body().orElse(Json.object());
        if (linkBody instanceof ObjectNode lb) {
          if (link.path("merge").asBoolean(false)) {
            ObjectNode merged = previous.deepCopy();
            merged.setAll(lb.deepCopy());
            body = Optional.of(merged);
          } else {
            body = Optional.of(lb.deepCopy());
          }
        } else {
          // Header-only (or token-in-href) paging: repeat the previous body unchanged.
          body = Optional.of(previous.deepCopy());
        }
      }
      return Optional.of(new PageRequest(method, uri, body, headers));
    }
    return Optional.empty();
  }
}
