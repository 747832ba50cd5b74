package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.server.StacStore;
import io.waterbodies.stac.server.StoredItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a {@link SearchRequest} against a store: candidates in a stable order (collection id, then
 * item id), filtered, optionally sorted, and cut to one page. Counting matches needs one pass over
 * the candidates; without filters it is just the list sizes.
 */
public final class ItemQuery {
  private ItemQuery() {}

  /** One page of results. */
  public record Page(List<StoredItem> items, long matched, boolean hasMore) {}

  /** Runs the search. */
  public static Page run(StacStore store, SearchRequest r) {
    List<List<StoredItem>> sources = new ArrayList<>();
    List<String> cols = new ArrayList<>(r.collections());
    if (cols.isEmpty()) {
      store.collections().forEach(c -> cols.add(c.path("id").asText()));
    } else {
      cols.sort(Comparator.naturalOrder());
    }
    // A spatial search reads only the items whose box overlaps the query's (the store may have an
    // index for that); the exact test below still runs on each of them.
    Optional<Bbox> near = r.spatial().map(SpatialFilter::prefilter);
    new LinkedHashSet<>(cols)
        .forEach(c -> sources.add(near.isPresent() ? store.items(c, near.get()) : store.items(c)));
    boolean anyFilter =
        !r.ids().isEmpty()
            || r.spatial().isPresent()
            || r.datetime().isPresent()
            || r.filter().isPresent();
    if (!anyFilter && r.sortBy().isEmpty()) {
      long total = 0;
      for (List<StoredItem> s : sources) {
        total += s.size();
      }
      List<StoredItem> page = new ArrayList<>(Math.min(r.limit(), 1024));
      long skip = r.offset();
      for (List<StoredItem> s : sources) {
        if (page.size() >= r.limit()) {
          break;
        }
        if (skip >= s.size()) {
          skip -= s.size();
          continue;
        }
        int from = (int) skip;
        int to = (int) Math.min(s.size(), from + (long) (r.limit() - page.size()));
        page.addAll(s.subList(from, to));
        skip = 0;
      }
      return new Page(page, total, r.offset() + (long) page.size() < total);
    }
    Set<String> ids = new HashSet<>(r.ids());
    SpatialFilter spatial = r.spatial().orElse(null);
    long from = Long.MIN_VALUE;
    long to = Long.MAX_VALUE;
    if (r.datetime().isPresent()) {
      from = r.datetime().get().start().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
      to = r.datetime().get().end().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
    }
    boolean sorting = !r.sortBy().isEmpty();
    List<StoredItem> kept = new ArrayList<>();
    long matched = 0;
    long end = (long) r.offset() + r.limit();
    for (List<StoredItem> s : sources) {
      for (StoredItem it : s) {
        if (!ids.isEmpty() && !ids.contains(it.id())) {
          continue;
        }
        if (spatial != null && !spatial.test(it)) {
          continue;
        }
        if (r.datetime().isPresent() && !it.overlapsMillis(from, to)) {
          continue;
        }
        if (r.filter().isPresent() && !r.filter().get().test(it)) {
          continue;
        }
        if (sorting || (matched >= r.offset() && matched < end)) {
          kept.add(it);
        }
        matched++;
      }
    }
    if (sorting) {
      kept.sort(comparator(r.sortBy()));
      int a = Math.min(kept.size(), r.offset());
      int b = (int) Math.min(kept.size(), end);
      kept = new ArrayList<>(kept.subList(a, b));
    }
    return new Page(kept, matched, end < matched);
  }

  private static Comparator<StoredItem> comparator(List<SearchRequest.SortKey> keys) {
    Comparator<StoredItem> c = null;
    for (SearchRequest.SortKey k : keys) {
      Comparator<StoredItem> one = byField(k.field());
      if (k.descending()) {
        one = one.reversed();
      }
      c = c == null ? one : c.thenComparing(one);
    }
    // Ties keep the stable (collection, id) order, so paging through sorted results is stable.
    return c;
  }

  private static Comparator<StoredItem> byField(String field) {
    String f = field.startsWith("properties.") ? field.substring(11) : field;
    if (f.equals("datetime")) {
      return Comparator.comparing(
          (StoredItem i) -> i.start().orElse(null),
          Comparator.nullsLast(Comparator.naturalOrder()));
    }
    return (a, b) -> compareValues(a.field(field), b.field(field));
  }

  private static int compareValues(Optional<JsonNode> a, Optional<JsonNode> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() ? (b.isEmpty() ? 0 : 1) : -1;
    }
    JsonNode x = a.get();
    JsonNode y = b.get();
    if (x.isNumber() && y.isNumber()) {
      BigDecimal p = x.decimalValue();
      return p.compareTo(y.decimalValue());
    }
    return x.asText().compareTo(y.asText());
  }
}
