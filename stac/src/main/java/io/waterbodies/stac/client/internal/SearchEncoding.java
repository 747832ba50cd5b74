package io.waterbodies.stac.client.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.SortBy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns an {@link ItemSearch} into GET query parameters or a POST JSON body. */
public final class SearchEncoding {
  private SearchEncoding() {}

  /** Query parameters in a stable order; arrays comma-joined, JSON values as compact text. */
  public static Map<String, String> queryParams(ItemSearch s) {
    Map<String, String> p = new LinkedHashMap<>();
    s.limit().ifPresent(l -> p.put("limit", Integer.toString(l)));
    s.bbox().ifPresent(b -> p.put("bbox", b.toQueryString()));
    s.datetime().ifPresent(d -> p.put("datetime", d.toString()));
    s.intersects().ifPresent(g -> p.put("intersects", Json.write(g, false)));
    if (!s.collections().isEmpty()) {
      p.put("collections", String.join(",", s.collections()));
    }
    if (!s.ids().isEmpty()) {
      p.put("ids", String.join(",", s.ids()));
    }
    if (!s.sortBy().isEmpty()) {
      p.put("sortby", s.sortBy().stream().map(SortBy::toString).collect(Collectors.joining(",")));
    }
    if (!s.fieldsInclude().isEmpty() || !s.fieldsExclude().isEmpty()) {
      List<String> f = new ArrayList<>(s.fieldsInclude());
      s.fieldsExclude().forEach(x -> f.add("-" + x));
      p.put("fields", String.join(",", f));
    }
    s.query().ifPresent(q -> p.put("query", Json.write(q, false)));
    s.filter()
        .ifPresent(
            f -> {
              p.put("filter", f.isTextual() ? f.asText() : Json.write(f, false));
              p.put("filter-lang", s.filterLang().orElseThrow().wireName());
            });
    return p;
  }

  /** The POST body. */
  public static ObjectNode body(ItemSearch s) {
    ObjectNode b = Json.object();
    s.limit().ifPresent(l -> b.put("limit", l));
    s.bbox()
        .ifPresent(
            box -> {
              ArrayNode a = b.putArray("bbox");
              for (double v : box.toArray()) {
                a.add(BigDecimal.valueOf(v));
              }
            });
    s.datetime().ifPresent(d -> b.put("datetime", d.toString()));
    s.intersects().ifPresent(g -> b.set("intersects", g));
    if (!s.collections().isEmpty()) {
      ArrayNode a = b.putArray("collections");
      s.collections().forEach(a::add);
    }
    if (!s.ids().isEmpty()) {
      ArrayNode a = b.putArray("ids");
      s.ids().forEach(a::add);
    }
    if (!s.sortBy().isEmpty()) {
      ArrayNode a = b.putArray("sortby");
      for (SortBy k : s.sortBy()) {
        a.addObject().put("field", k.field()).put("direction", k.direction());
      }
    }
    if (!s.fieldsInclude().isEmpty() || !s.fieldsExclude().isEmpty()) {
      ObjectNode f = b.putObject("fields");
      ArrayNode inc = f.putArray("include");
      s.fieldsInclude().forEach(inc::add);
      ArrayNode exc = f.putArray("exclude");
      s.fieldsExclude().forEach(exc::add);
    }
    s.query().ifPresent(q -> b.set("query", q));
    s.filter()
        .ifPresent(
            f -> {
              b.set("filter", f);
              b.put("filter-lang", s.filterLang().orElseThrow().wireName());
            });
    return b;
  }
}
