package io.waterbodies.events.watch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.watch.StacSearchSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A minimal STAC API item search over HTTP GET ({@code /search} with {@code collections}, {@code
 * bbox}, {@code datetime}, {@code limit}, following {@code next} links), used by {@code waterbodies
 * events watch --stac URL}.
 *
 * <p>TODO: replace with the {@code stac} module's STAC API client once it exists; this class only
 * covers what the watcher needs and has no retries, conformance checks or POST paging.
 */
public final class HttpStacSearchSource implements StacSearchSource {
  private static final int MAX_PAGES = 10_000;

  private final URI root;
  private final List<String> collections;
  private final Optional<String> bbox;
  private final int limit;
  private final HttpClient http;

  /**
   * A search against the API at {@code root}.
   *
   * @param collections collection ids (empty: all)
   * @param bbox {@code minx,miny,maxx,maxy}, when given
   * @param limit page size
   */
  public HttpStacSearchSource(
      URI root, List<String> collections, Optional<String> bbox, int limit) {
    this.root = root;
    this.collections = List.copyOf(collections);
    this.bbox = bbox;
    this.limit = limit;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public List<JsonNode> search(Instant from, Instant to) {
    StringBuilder q = new StringBuilder("limit=").append(limit);
    q.append("&datetime=").append(enc(from + "/" + to));
    if (!collections.isEmpty()) {
      q.append("&collections=").append(enc(String.join(",", collections)));
    }
    bbox.ifPresent(b -> q.append("&bbox=").append(enc(b)));
    String base = root.toString().endsWith("/") ? root.toString() : root + "/";
    URI next = URI.create(base + "search?" + q);
    List<JsonNode> items = new ArrayList<>();
    for (int page = 0; next != null; page++) {
      if (page >= MAX_PAGES) {
        throw new EventsException("more than " + MAX_PAGES + " pages", safe(root), null, null);
      }
      JsonNode fc = get(next);
      for (JsonNode f : fc.path("features")) {
        items.add(f);
      }
      next = null;
      for (JsonNode l : fc.path("links")) {
        if ("next".equals(l.path("rel").asText()) && l.hasNonNull("href")) {
          if (!"GET".equalsIgnoreCase(l.path("method").asText("GET"))) {
            throw new EventsException(
                "the API pages with " + l.path("method").asText() + ", only GET is supported",
                safe(root),
                null,
                null);
          }
          next = root.resolve(l.get("href").asText());
        }
      }
    }
    return items;
  }

  private JsonNode get(URI uri) {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/geo+json, application/json")
            .GET()
            .build();
    HttpResponse<String> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new EventsException("STAC API unreachable: " + e.getMessage(), safe(uri), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventsException("interrupted", safe(uri), null, e);
    }
    if (res.statusCode() != 200) {
      throw new EventsException(
          "STAC API answered HTTP " + res.statusCode(), safe(uri), null, null);
    }
    try {
      return Json.parse(res.body(), safe(uri));
    } catch (JsonException e) {
      throw new EventsException(
          "STAC API answered with invalid JSON: " + e.detail(), safe(uri), null, e);
    }
  }

  private static String safe(URI uri) {
    return Redaction.redact(uri.toString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String describe() {
    return safe(root) + " collections=" + collections + bbox.map(b -> " bbox=" + b).orElse("");
  }
}
