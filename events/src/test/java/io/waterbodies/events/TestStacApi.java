package io.waterbodies.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.waterbodies.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny STAC API (GET /search with datetime and paging) on an ephemeral loopback port. */
public final class TestStacApi implements AutoCloseable {
  public final List<JsonNode> items = new CopyOnWriteArrayList<>();
  public final AtomicInteger failNext = new AtomicInteger();
  public final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;

  public TestStacApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/search", this::search);
    server.createContext("/", this::landing);
    server.start();
  }

  public URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Adds {@code n} items with datetimes from {@code start}, one every {@code step}. */
  public void addItems(int n, Instant start, Duration step, String collection) {
    for (int i = 0; i < n; i++) {
      String id = collection + "-item-" + i;
      ObjectNode it = Json.object();
      it.put("type", "Feature");
      it.put("stac_version", "1.0.0");
      it.put("id", id);
      it.put("collection", collection);
      it.putObject("properties").put("datetime", start.plus(step.multipliedBy(i)).toString());
      it.putArray("links")
          .addObject()
          .put("rel", "self")
          .put("href", root() + "collections/" + collection + "/items/" + id);
      items.add(it);
    }
  }

  /** The landing page: STAC API core and item search (GET). */
  private void landing(HttpExchange ex) throws IOException {
    if (!"/".equals(ex.getRequestURI().getPath())) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    ObjectNode lp = Json.object();
    lp.put("type", "Catalog");
    lp.put("stac_version", "1.0.0");
    lp.put("id", "test-api");
    lp.put("description", "test STAC API");
    lp.putArray("conformsTo")
        .add("https://api.stacspec.org/v1.0.0/core")
        .add("https://api.stacspec.org/v1.0.0/item-search");
    ArrayNode links = lp.putArray("links");
    links.addObject().put("rel", "self").put("href", root().toString());
    links
        .addObject()
        .put("rel", "search")
        .put("href", root() + "search")
        .put("type", "application/geo+json")
        .put("method", "GET");
    send(ex, lp);
  }

  private static void send(HttpExchange ex, ObjectNode json) throws IOException {
    byte[] body = Json.write(json, false).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  private void search(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    if (failNext.get() > 0) {
      failNext.decrementAndGet();
      ex.sendResponseHeaders(503, -1);
      ex.close();
      return;
    }
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        q.put(
            URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    int limit = Integer.parseInt(q.getOrDefault("limit", "10"));
    int token = Integer.parseInt(q.getOrDefault("token", "0"));
    String[] dt = q.getOrDefault("datetime", "../..").split("/");
    List<JsonNode> matching =
        items.stream()
            .filter(
                it -> {
                  Instant t = Instant.parse(it.at("/properties/datetime").asText());
                  return (dt[0].equals("..") || !t.isBefore(Instant.parse(dt[0])))
                      && (dt[1].equals("..") || !t.isAfter(Instant.parse(dt[1])));
                })
            .toList();
    ObjectNode fc = Json.object();
    fc.put("type", "FeatureCollection");
    ArrayNode features = fc.putArray("features");
    matching.stream().skip(token).limit(limit).forEach(features::add);
    ArrayNode links = fc.putArray("links");
    if (token + limit < matching.size()) {
      String next = "search?" + raw.replaceAll("&token=\\d+", "") + "&token=" + (token + limit);
      links.addObject().put("rel", "next").put("href", next).put("method", "GET");
    }
    byte[] body = Json.write(fc, false).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/geo+json");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
