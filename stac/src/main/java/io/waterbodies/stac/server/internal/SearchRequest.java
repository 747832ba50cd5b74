package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.core.time.DatetimeInterval;
import io.waterbodies.stac.server.StoredItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A parsed item search, from GET parameters or a POST body. Parsing checks everything a client can
 * get wrong and answers 400 with a description; {@code limit} out of range is clamped, not refused.
 * {@code bbox} and {@code intersects} both become a {@link SpatialFilter}.
 */
public record SearchRequest(
    List<String> collections,
    List<String> ids,
    Optional<SpatialFilter> spatial,
    Optional<DatetimeInterval> datetime,
    int limit,
    List<SortKey> sortBy,
    Optional<Predicate<StoredItem>> filter,
    int offset) {

  /** The page size when the request names none. */
  public static final int DEFAULT_LIMIT = 10;

  /** The largest page size served; larger requests are clamped. */
  public static final int MAX_LIMIT = 10_000;

  /** A sort key. */
  public record SortKey(String field, boolean descending) {}

  /** Parses GET query parameters (already decoded). */
  public static SearchRequest fromQuery(Map<String, String> q) {
    Optional<Bbox> bbox = Optional.ofNullable(q.get("bbox")).map(SearchRequest::parseBbox);
    Optional<SpatialFilter> intersects =
        Optional.ofNullable(q.get("intersects"))
            .map(s -> SpatialFilter.ofGeoJson(parseJson(s, "intersects"), "intersects"));
    Optional<JsonNode> filter = Optional.empty();
    if (q.containsKey("filter")) {
      String lang = q.getOrDefault("filter-lang", "cql2-text");
      filter = Optional.of(filterNode(q.get("filter"), lang, true));
    }
    List<SortKey> sort = new ArrayList<>();
    if (q.containsKey("sortby")) {
      for (String s : split(q.get("sortby"))) {
        sort.add(
            s.startsWith("-")
                ? new SortKey(s.substring(1), true)
                : new SortKey(s.startsWith("+") ? s.substring(1) : s, false));
      }
    }
    return build(
        split(q.get("collections")),
        split(q.get("ids")),
        bbox,
        intersects,
        Optional.ofNullable(q.get("datetime")),
        Optional.ofNullable(q.get("limit")),
        sort,
        filter,
        Optional.ofNullable(q.get("token")));
  }

  /** Parses a POST body. */
  public static SearchRequest fromBody(ObjectNode b) {
    Optional<Bbox> bbox = Optional.empty();
    JsonNode bn = b.get("bbox");
    if (bn != null && !bn.isNull()) {
      if (!bn.isArray()) {
        throw ApiError.badRequest("bbox must be an array of 4 or 6 numbers");
      }
      double[] v = new double[bn.size()];
      for (int i = 0; i < v.length; i++) {
        if (!bn.get(i).isNumber()) {
          throw ApiError.badRequest("bbox must be an array of 4 or 6 numbers, got " + bn);
        }
        v[i] = bn.get(i).asDouble();
      }
      bbox = Optional.of(bboxOf(v, bn.toString()));
    }
    Optional<SpatialFilter> intersects = Optional.empty();
    JsonNode in = b.get("intersects");
    if (in != null && !in.isNull()) {
      intersects = Optional.of(SpatialFilter.ofGeoJson(in, "intersects"));
    }
    Optional<JsonNode> filter = Optional.empty();
    JsonNode f = b.get("filter");
    if (f != null && !f.isNull()) {
      String lang = b.path("filter-lang").asText(f.isTextual() ? "cql2-text" : "cql2-json");
      filter = Optional.of(filterNode(f.isTextual() ? f.asText() : null, lang, false, f));
    }
    List<SortKey> sort = new ArrayList<>();
    JsonNode sb = b.get("sortby");
    if (sb != null && sb.isArray()) {
      for (JsonNode k : sb) {
        if (k.isTextual()) {
          String s = k.asText();
          sort.add(
              s.startsWith("-")
                  ? new SortKey(s.substring(1), true)
                  : new SortKey(s.startsWith("+") ? s.substring(1) : s, false));
        } else {
          sort.add(
              new SortKey(
                  k.path("field").asText(),
                  k.path("direction").asText("asc").toLowerCase(Locale.ROOT).startsWith("desc")));
        }
      }
    }
    JsonNode dt = b.get("datetime");
    JsonNode limit = b.get("limit");
    JsonNode token = b.get("token");
    return build(
        strings(b.get("collections"), "collections"),
        strings(b.get("ids"), "ids"),
        bbox,
        intersects,
        dt == null || dt.isNull() ? Optional.empty() : Optional.of(dt.asText()),
        limit == null || limit.isNull() ? Optional.empty() : Optional.of(limit.asText()),
        sort,
        filter,
        token == null || token.isNull() ? Optional.empty() : Optional.of(token.asText()));
  }

  private static SearchRequest build(
      List<String> collections,
      List<String> ids,
      Optional<Bbox> bbox,
      Optional<SpatialFilter> intersects,
      Optional<String> datetime,
      Optional<String> limit,
      List<SortKey> sort,
      Optional<JsonNode> filter,
      Optional<String> token) {
    if (bbox.isPresent() && intersects.isPresent()) {
      throw ApiError.badRequest("bbox and intersects are mutually exclusive: send only one");
    }
    Optional<DatetimeInterval> interval;
    try {
      interval = datetime.filter(s -> !s.isBlank()).map(DatetimeInterval::parse);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    int n = DEFAULT_LIMIT;
    if (limit.isPresent()) {
      try {
        long l = Long.parseLong(limit.get().trim());
        n = (int) Math.max(1, Math.min(MAX_LIMIT, l));
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("limit must be an integer, got '" + limit.get() + "'");
      }
    }
    for (SortKey k : sort) {
      if (k.field().isBlank()) {
        throw ApiError.badRequest("sortby has an empty field name");
      }
    }
    return new SearchRequest(
        List.copyOf(collections),
        List.copyOf(ids),
        bbox.map(SpatialFilter::ofBox).or(() -> intersects),
        interval,
        n,
        List.copyOf(sort),
        filter.map(Cql2::compile),
        token.map(SearchRequest::decodeToken).orElse(0));
  }

  /** The opaque token for the page starting at {@code offset}. */
  public static String token(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + offset).getBytes(StandardCharsets.US_ASCII));
  }

  private static int decodeToken(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      if (s.startsWith("o:")) {
        int o = Integer.parseInt(s.substring(2));
        if (o >= 0) {
          return o;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw ApiError.badRequest("invalid paging token '" + token + "'");
  }

  private static JsonNode filterNode(String text, String lang, boolean get) {
    return filterNode(text, lang, get, null);
  }

  private static JsonNode filterNode(String text, String lang, boolean get, JsonNode node) {
    String l = lang.toLowerCase(Locale.ROOT);
    if (l.equals("cql2-text")) {
      if (text == null) {
        throw ApiError.badRequest("filter-lang is cql2-text but the filter is not a string");
      }
      return Cql2.parseText(text);
    }
    if (l.equals("cql2-json")) {
      if (node != null && !node.isTextual()) {
        return node;
      }
      return parseJson(text, "filter");
    }
    throw ApiError.badRequest(
        "filter-lang '" + lang + "' is not supported; use cql2-text or cql2-json");
  }

  private static JsonNode parseJson(String s, String what) {
    try {
      return Json.parse(s, what);
    } catch (JsonException e) {
      throw ApiError.badRequest(what + " is not valid JSON: " + e.getMessage());
    }
  }

  private static Bbox parseBbox(String s) {
    List<String> parts = split(s);
    double[] v = new double[parts.size()];
    for (int i = 0; i < v.length; i++) {
      try {
        v[i] = Double.parseDouble(parts.get(i));
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("bbox '" + s + "': '" + parts.get(i) + "' is not a number");
      }
    }
    return bboxOf(v, s);
  }

  private static Bbox bboxOf(double[] v, String text) {
    try {
      Bbox b = Bbox.of(v).to2d();
      if (b.south() < -90
          || b.north() > 90
          || Math.abs(b.west()) > 180
          || Math.abs(b.east()) > 180) {
        throw ApiError.badRequest("bbox '" + text + "' is outside longitude/latitude bounds");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("invalid bbox '" + text + "': " + e.getMessage());
    }
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    for (String p : s.split(",")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode n, String what) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw ApiError.badRequest(what + " must be an array of strings");
    }
    n.forEach(x -> out.add(x.asText()));
    return out;
  }
}
