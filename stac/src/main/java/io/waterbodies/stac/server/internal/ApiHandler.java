package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.internal.Uris;
import io.waterbodies.stac.server.StacStore;
import io.waterbodies.stac.server.StacStoreException;
import io.waterbodies.stac.server.StoredItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes and answers the STAC API requests of the embedded server. */
public final class ApiHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private static final String GEOJSON = "application/geo+json";
  private static final String JSON = "application/json";

  /** Conformance classes the server declares. */
  public static final List<String> CONFORMANCE =
      List.of(
          "https://api.stacspec.org/v1.0.0/core",
          "https://api.stacspec.org/v1.0.0/collections",
          "https://api.stacspec.org/v1.0.0/ogcapi-features",
          "https://api.stacspec.org/v1.0.0/item-search",
          "https://api.stacspec.org/v1.0.0/item-search#sort",
          "https://api.stacspec.org/v1.0.0/item-search#filter",
          "https://api.stacspec.org/v1.0.0/ogcapi-features#sort",
          "https://api.stacspec.org/v1.0.0/ogcapi-features/extensions/transaction",
          "https://api.stacspec.org/v1.0.0/collections/extensions/transaction",
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
          "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
          "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
          "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
          "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json");

  private final StacStore store;
  private final Supplier<URI> base;
  private final String id;
  private final String title;
  private final String description;
  private final long maxBodyBytes;

  /**
   * A handler.
   *
   * @param base the server's root URL (ending in {@code /}), used in links
   */
  public ApiHandler(
      StacStore store,
      Supplier<URI> base,
      String id,
      String title,
      String description,
      long maxBodyBytes) {
    this.store = store;
    this.base = base;
    this.id = id;
    this.title = title;
    this.description = description;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (ApiError e) {
      if (e.status() >= 500) {
        LOG.warn("{} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.getMessage());
      }
      e.allow().ifPresent(a -> ex.getResponseHeaders().set("Allow", a));
      error(ex, e.status(), e.code(), e.getMessage());
    } catch (StacStoreException e) {
      switch (e.reason()) {
        case NOT_FOUND:
          error(ex, 404, "NotFound", e.getMessage());
          break;
        case CONFLICT:
          error(ex, 409, "Conflict", e.getMessage());
          break;
        default:
          error(ex, 400, "BadRequest", e.getMessage());
      }
    } catch (IOException e) {
      LOG.debug(
          "{} {}: client went away: {}", ex.getRequestMethod(), ex.getRequestURI(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{} {}: internal error", ex.getRequestMethod(), ex.getRequestURI(), e);
      error(ex, 500, "InternalServerError", "internal error: " + e.getClass().getSimpleName());
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] seg = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    for (int i = 0; i < seg.length; i++) {
      seg[i] = URLDecoder.decode(seg[i].replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    if (seg.length == 0) {
      allow(method, "GET");
      json(ex, 200, JSON, landing());
    } else if (seg.length == 1 && seg[0].equals("conformance")) {
      allow(method, "GET");
      ObjectNode c = Json.object();
      ArrayNode a = c.putArray("conformsTo");
      CONFORMANCE.forEach(a::add);
      json(ex, 200, JSON, c);
    } else if (seg.length == 1 && seg[0].equals("queryables")) {
      allow(method, "GET");
      json(ex, 200, "application/schema+json", queryables());
    } else if (seg.length == 1 && seg[0].equals("search")) {
      allow(method, "GET", "POST");
      if (method.equals("GET")) {
        Map<String, String> q = query(ex);
        search(ex, SearchRequest.fromQuery(q), q, null, "search");
      } else {
        ObjectNode body = body(ex);
        search(ex, SearchRequest.fromBody(body), null, body, "search");
      }
    } else if (seg.length >= 1 && seg[0].equals("collections")) {
      collections(ex, method, seg);
    } else {
      throw ApiError.notFound("no such resource: " + ex.getRequestURI().getPath());
    }
  }

  private void collections(HttpExchange ex, String method, String[] seg) throws IOException {
    if (seg.length == 1) {
      allow(method, "GET", "POST");
      if (method.equals("POST")) {
        ObjectNode c = body(ex);
        store.createCollection(c);
        String cid = c.path("id").asText();
        ex.getResponseHeaders().set("Location", collectionUrl(cid));
        json(ex, 201, JSON, collectionDoc(store.collection(cid).orElseThrow()));
        return;
      }
      ObjectNode out = Json.object();
      ArrayNode arr = out.putArray("collections");
      store.collections().forEach(c -> arr.add(collectionDoc(c)));
      ArrayNode links = out.putArray("links");
      link(links, "self", base.get().resolve("collections").toString(), JSON);
      link(links, "root", base.get().toString(), JSON);
      json(ex, 200, JSON, out);
      return;
    }
    String cid = seg[1];
    if (seg.length == 2) {
      allow(method, "GET", "PUT", "DELETE");
      switch (method) {
        case "GET":
          json(
              ex,
              200,
              JSON,
              collectionDoc(
                  store
                      .collection(cid)
                      .orElseThrow(() -> ApiError.notFound("collection '" + cid + "' not found"))));
          return;
        case "PUT":
          store.updateCollection(cid, body(ex));
          json(ex, 200, JSON, collectionDoc(store.collection(cid).orElseThrow()));
          return;
        default:
          store.deleteCollection(cid);
          empty(ex, 204);
          return;
      }
    }
    if (seg.length == 3 && seg[2].equals("queryables")) {
      allow(method, "GET");
      requireCollection(cid);
      json(ex, 200, "application/schema+json", queryables());
      return;
    }
    if (seg.length == 3 && seg[2].equals("items")) {
      allow(method, "GET", "POST");
      requireCollection(cid);
      if (method.equals("POST")) {
        ObjectNode doc = body(ex);
        if ("FeatureCollection".equals(doc.path("type").asText())) {
          int n = 0;
          for (JsonNode f : doc.path("features")) {
            if (!f.isObject()) {
              throw ApiError.badRequest("features must be objects");
            }
            checkCollectionField((ObjectNode) f, cid);
            store.createItem(cid, (ObjectNode) f);
            n++;
          }
          ObjectNode out = Json.object().put("created", n);
          json(ex, 201, JSON, out);
          return;
        }
        checkCollectionField(doc, cid);
        store.createItem(cid, doc);
        String iid = doc.path("id").asText();
        StoredItem stored = store.item(cid, iid).orElseThrow();
        ex.getResponseHeaders().set("Location", itemUrl(cid, iid));
        item(ex, 201, stored);
        return;
      }
      Map<String, String> q = query(ex);
      Map<String, String> withCollection = new LinkedHashMap<>(q);
      withCollection.put("collections", cid);
      withCollection.remove("ids");
      search(ex, SearchRequest.fromQuery(withCollection), q, null, "collections/" + cid + "/items");
      return;
    }
    if (seg.length == 4 && seg[2].equals("items")) {
      String iid = seg[3];
      allow(method, "GET", "PUT", "DELETE");
      switch (method) {
        case "GET":
          item(
              ex,
              200,
              store
                  .item(cid, iid)
                  .orElseThrow(
                      () ->
                          ApiError.notFound(
                              "item '" + iid + "' not found in collection '" + cid + "'")));
          return;
        case "PUT":
          ObjectNode doc = body(ex);
          checkCollectionField(doc, cid);
          store.updateItem(cid, iid, doc);
          item(ex, 200, store.item(cid, iid).orElseThrow());
          return;
        default:
          store.deleteItem(cid, iid);
          empty(ex, 204);
          return;
      }
    }
    throw ApiError.notFound("no such resource: " + ex.getRequestURI().getPath());
  }

  private void requireCollection(String cid) {
    if (store.collection(cid).isEmpty()) {
      throw ApiError.notFound("collection '" + cid + "' not found");
    }
  }

  private static void checkCollectionField(ObjectNode item, String cid) {
    JsonNode c = item.get("collection");
    if (c != null && c.isTextual() && !c.asText().equals(cid)) {
      throw ApiError.badRequest(
          "item collection '" + c.asText() + "' does not match '" + cid + "' in the URL");
    }
  }

  private static void allow(String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw ApiError.methodNotAllowed(method, allowed);
  }

  private void search(
      HttpExchange ex,
      SearchRequest r,
      Map<String, String> getParams,
      ObjectNode postBody,
      String path)
      throws IOException {
    ItemQuery.Page page = ItemQuery.run(store, r);
    URI self = base.get().resolve(path);
    StringBuilder links = new StringBuilder();
    ArrayNode l = Json.mapper().createArrayNode();
    link(
        l,
        "self",
        getParams == null ? self.toString() : Uris.withQuery(self, getParams).toString(),
        GEOJSON);
    link(l, "root", base.get().toString(), JSON);
    if (page.hasMore()) {
      String token = SearchRequest.token(r.offset() + page.items().size());
      if (getParams != null) {
        Map<String, String> next = new LinkedHashMap<>(getParams);
        next.put("token", token);
        link(l, "next", Uris.withQuery(self, next).toString(), GEOJSON);
      } else {
        ObjectNode n = link(l, "next", self.toString(), GEOJSON);
        n.put("method", "POST");
        n.putObject("body").put("token", token);
        n.put("merge", true);
      }
    }
    links.append(Json.write(l, false));
    // A fixed-length body: chunked responses on the JDK server stall on Nagle/delayed-ACK.
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192 + page.items().size() * 1024);
    out.write("{\"type\":\"FeatureCollection\",\"features\":[".getBytes(StandardCharsets.US_ASCII));
    boolean first = true;
    for (StoredItem it : page.items()) {
      if (!first) {
        out.write(',');
      }
      first = false;
      it.writeJson(out, itemLinks(it));
    }
    out.write(
        ("],\"links\":"
                + links
                + ",\"numberMatched\":"
                + page.matched()
                + ",\"numberReturned\":"
                + page.items().size()
                + "}")
            .getBytes(StandardCharsets.UTF_8));
    send(ex, 200, GEOJSON, out);
  }

  private static void send(HttpExchange ex, int status, String type, ByteArrayOutputStream body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.size());
    try (OutputStream o = ex.getResponseBody()) {
      body.writeTo(o);
    }
  }

  private byte[] itemLinks(StoredItem it) {
    String root = base.get().toString();
    String col = collectionUrl(it.collection());
    String self = itemUrl(it.collection(), it.id());
    return ("{\"rel\":\"self\",\"type\":\"application/geo+json\",\"href\":"
            + quote(self)
            + "},{\"rel\":\"parent\",\"type\":\"application/json\",\"href\":"
            + quote(col)
            + "},{\"rel\":\"collection\",\"type\":\"application/json\",\"href\":"
            + quote(col)
            + "},{\"rel\":\"root\",\"type\":\"application/json\",\"href\":"
            + quote(root)
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    try {
      return Json.mapper().writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String collectionUrl(String cid) {
    return base.get().toString() + "collections/" + Uris.encode(cid);
  }

  private String itemUrl(String cid, String iid) {
    return collectionUrl(cid) + "/items/" + Uris.encode(iid);
  }

  private void item(HttpExchange ex, int status, StoredItem it) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    it.writeJson(out, itemLinks(it));
    send(ex, status, GEOJSON, out);
  }

  private ObjectNode collectionDoc(ObjectNode c) {
    String cid = c.path("id").asText();
    ArrayNode links = Json.mapper().createArrayNode();
    JsonNode own = c.get("links");
    if (own != null && own.isArray()) {
      for (JsonNode l : own) {
        String rel = l.path("rel").asText();
        if (!List.of("self", "root", "parent", "items").contains(rel)) {
          links.add(l);
        }
      }
    }
    link(links, "self", collectionUrl(cid), JSON);
    link(links, "root", base.get().toString(), JSON);
    link(links, "parent", base.get().toString(), JSON);
    link(links, "items", collectionUrl(cid) + "/items", GEOJSON);
    c.set("links", links);
    return c;
  }

  private ObjectNode landing() {
    ObjectNode l = Json.object();
    l.put("type", "Catalog");
    l.put("stac_version", "1.0.0");
    l.put("id", id);
    l.put("title", title);
    l.put("description", description);
    ArrayNode c = l.putArray("conformsTo");
    CONFORMANCE.forEach(c::add);
    ArrayNode links = l.putArray("links");
    String root = base.get().toString();
    link(links, "self", root, JSON);
    link(links, "root", root, JSON);
    link(links, "conformance", root + "conformance", JSON);
    link(links, "data", root + "collections", JSON);
    link(links, "search", root + "search", GEOJSON).put("method", "GET");
    link(links, "search", root + "search", GEOJSON).put("method", "POST");
    link(
        links,
        "http://www.opengis.net/def/rel/ogc/1.0/queryables",
        root + "queryables",
        "application/schema+json");
    for (ObjectNode col : store.collections()) {
      String cid = col.path("id").asText();
      ObjectNode child = link(links, "child", collectionUrl(cid), JSON);
      if (col.path("title").isTextual()) {
        child.put("title", col.get("title").asText());
      }
    }
    return l;
  }

  private static ObjectNode queryables() {
    ObjectNode q = Json.object();
    q.put("$schema", "https://json-schema.org/draft/2019-09/schema");
    q.put("type", "object");
    q.put("title", "Queryables");
    ObjectNode p = q.putObject("properties");
    p.putObject("id").put("type", "string").put("title", "Item id");
    p.putObject("collection").put("type", "string").put("title", "Collection id");
    p.putObject("datetime").put("type", "string").put("format", "date-time");
    p.putObject("geometry").put("$ref", "https://geojson.org/schema/Geometry.json");
    q.put("additionalProperties", true);
    return q;
  }

  private static ObjectNode link(ArrayNode links, String rel, String href, String type) {
    ObjectNode l = links.addObject();
    l.put("rel", rel);
    l.put("type", type);
    l.put("href", href);
    return l;
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        q.put(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("malformed query parameter '" + pair + "'");
      }
    }
    return q;
  }

  private ObjectNode body(HttpExchange ex) throws IOException {
    String len = ex.getRequestHeaders().getFirst("Content-Length");
    if (len != null) {
      try {
        if (Long.parseLong(len.trim()) > maxBodyBytes) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("invalid Content-Length");
      }
    }
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    }
    if (bytes.length > maxBodyBytes) {
      throw tooLarge();
    }
    if (bytes.length == 0) {
      return Json.object();
    }
    JsonNode n;
    try {
      n = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw ApiError.badRequest(
          "request body is not valid JSON: "
              + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
    }
    if (n == null || !n.isObject()) {
      throw ApiError.badRequest("request body must be a JSON object");
    }
    return (ObjectNode) n;
  }

  private ApiError tooLarge() {
    return new ApiError(413, "PayloadTooLarge", "request body exceeds " + maxBodyBytes + " bytes");
  }

  private static void json(HttpExchange ex, int status, String type, JsonNode doc)
      throws IOException {
    byte[] b = Json.write(doc, false).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static void empty(HttpExchange ex, int status) throws IOException {
    ex.sendResponseHeaders(status, -1);
  }

  private static void error(HttpExchange ex, int status, String code, String description) {
    try {
      ObjectNode e = Json.object().put("code", code).put("description", description);
      json(ex, status, JSON, e);
    } catch (IOException | RuntimeException e) {
      // Headers were already sent (the failure happened mid-response): nothing more to say.
      LOG.debug("cannot send error response: {}", e.getMessage());
    }
  }
}
