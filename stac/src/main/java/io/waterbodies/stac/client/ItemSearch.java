package io.waterbodies.stac.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.core.time.DatetimeInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The parameters of a STAC API item search, immutable and checked when built: spatial (bbox or
 * intersects, never both), temporal (an RFC 3339 interval, always sent in UTC), collections, ids,
 * page size, a cap on the total, sort, fields, query and CQL2 filter, and the HTTP method.
 *
 * <pre>{@code
 * ItemSearch search = ItemSearch.builder()
 *     .collections("sentinel-2-l2a")
 *     .bbox(Bbox.of(5.9, 45.8, 10.5, 47.8))
 *     .datetime("2023-06")
 *     .filter("eo:cloud_cover < 10")
 *     .maxItems(500)
 *     .build();
 * }</pre>
 */
public final class ItemSearch {
  private final Bbox bbox;
  private final JsonNode intersects;
  private final DatetimeInterval datetime;
  private final List<String> collections;
  private final List<String> ids;
  private final Integer limit;
  private final Long maxItems;
  private final List<SortBy> sortBy;
  private final List<String> fieldsInclude;
  private final List<String> fieldsExclude;
  private final ObjectNode query;
  private final JsonNode filter;
  private final FilterLang filterLang;
  private final RequestMethod method;

  private ItemSearch(Builder b) {
    this.bbox = b.bbox;
    this.intersects = b.intersects == null ? null : b.intersects.deepCopy();
    this.datetime = b.datetime;
    this.collections = List.copyOf(b.collections);
    this.ids = List.copyOf(b.ids);
    this.limit = b.limit;
    this.maxItems = b.maxItems;
    this.sortBy = List.copyOf(b.sortBy);
    this.fieldsInclude = List.copyOf(b.fieldsInclude);
    this.fieldsExclude = List.copyOf(b.fieldsExclude);
    this.query = b.query == null ? null : b.query.deepCopy();
    this.filter = b.filter == null ? null : b.filter.deepCopy();
    this.filterLang = b.filterLang;
    this.method = b.method;
  }

  /** A builder with no parameters set: every item of every collection. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this search's parameters. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bbox = bbox;
    b.intersects = intersects;
    b.datetime = datetime;
    b.collections.addAll(collections);
    b.ids.addAll(ids);
    b.limit = limit;
    b.maxItems = maxItems;
    b.sortBy.addAll(sortBy);
    b.fieldsInclude.addAll(fieldsInclude);
    b.fieldsExclude.addAll(fieldsExclude);
    b.query = query;
    b.filter = filter;
    b.filterLang = filterLang;
    b.method = method;
    return b;
  }

  /** The bounding box, sent as given (antimeridian boxes are not swapped). */
  public Optional<Bbox> bbox() {
    return Optional.ofNullable(bbox);
  }

  /** The GeoJSON geometry items must intersect (a copy). */
  public Optional<JsonNode> intersects() {
    return Optional.ofNullable(intersects).map(JsonNode::deepCopy);
  }

  /** The datetime instant or interval. */
  public Optional<DatetimeInterval> datetime() {
    return Optional.ofNullable(datetime);
  }

  /** Collection ids to search, empty for all. */
  public List<String> collections() {
    return collections;
  }

  /** Item ids to return, empty for any. */
  public List<String> ids() {
    return ids;
  }

  /** The page size asked of the server; the server may return fewer or more per page. */
  public OptionalInt limit() {
    return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
  }

  /** The most items the client returns in all, across pages. */
  public OptionalLong maxItems() {
    return maxItems == null ? OptionalLong.empty() : OptionalLong.of(maxItems);
  }

  /** Sort keys, first key first. */
  public List<SortBy> sortBy() {
    return sortBy;
  }

  /** Fields to include (fields extension). */
  public List<String> fieldsInclude() {
    return fieldsInclude;
  }

  /** Fields to exclude (fields extension). */
  public List<String> fieldsExclude() {
    return fieldsExclude;
  }

  /** The query extension object, e.g. {@code {"eo:cloud_cover": {"lt": 10}}} (a copy). */
  public Optional<ObjectNode> query() {
    return Optional.ofNullable(query).map(ObjectNode::deepCopy);
  }

  /** The CQL2 filter: a text node for cql2-text, an object for cql2-json (a copy). */
  public Optional<JsonNode> filter() {
    return Optional.ofNullable(filter).map(JsonNode::deepCopy);
  }

  /** The filter language, present when a filter is. */
  public Optional<FilterLang> filterLang() {
    return Optional.ofNullable(filterLang);
  }

  /** The HTTP method; empty to let the client choose (POST when the API advertises it). */
  public Optional<RequestMethod> method() {
    return Optional.ofNullable(method);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ItemSearch[");
    if (bbox != null) {
      sb.append("bbox=").append(bbox.toQueryString()).append(", ");
    }
    if (intersects != null) {
      sb.append("intersects=").append(intersects.path("type").asText()).append(", ");
    }
    if (datetime != null) {
      sb.append("datetime=").append(datetime).append(", ");
    }
    if (!collections.isEmpty()) {
      sb.append("collections=").append(collections).append(", ");
    }
    if (!ids.isEmpty()) {
      sb.append("ids=").append(ids).append(", ");
    }
    if (limit != null) {
      sb.append("limit=").append(limit).append(", ");
    }
    if (maxItems != null) {
      sb.append("maxItems=").append(maxItems).append(", ");
    }
    if (filter != null) {
      sb.append("filter=").append(filterLang.wireName()).append(", ");
    }
    if (method != null) {
      sb.append("method=").append(method).append(", ");
    }
    if (sb.charAt(sb.length() - 1) == ' ') {
      sb.setLength(sb.length() - 2);
    }
    return sb.append(']').toString();
  }

  /** Builds an {@link ItemSearch}; {@link #build()} checks that the parameters go together. */
  public static final class Builder {
    private Bbox bbox;
    private JsonNode intersects;
    private DatetimeInterval datetime;
    private final List<String> collections = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private Integer limit;
    private Long maxItems;
    private final List<SortBy> sortBy = new ArrayList<>();
    private final List<String> fieldsInclude = new ArrayList<>();
    private final List<String> fieldsExclude = new ArrayList<>();
    private ObjectNode query;
    private JsonNode filter;
    private FilterLang filterLang;
    private RequestMethod method;

    private Builder() {}

    /**
     * Items whose footprint overlaps the box; a box with west &gt; east crosses the antimeridian.
     */
    public Builder bbox(Bbox box) {
      this.bbox = Objects.requireNonNull(box, "bbox");
      return this;
    }

    /** Items whose footprint overlaps the box of 4 or 6 numbers. */
    public Builder bbox(double... values) {
      return bbox(Bbox.of(values));
    }

    /** Items intersecting a GeoJSON geometry (an object with a {@code type}). */
    public Builder intersects(JsonNode geometry) {
      Objects.requireNonNull(geometry, "geometry");
      if (!geometry.isObject() || !geometry.path("type").isTextual()) {
        throw new IllegalArgumentException(
            "intersects must be a GeoJSON geometry object with a type, got " + geometry);
      }
      this.intersects = geometry.deepCopy();
      return this;
    }

    /**
     * Items intersecting a GeoJSON geometry given as text.
     *
     * @throws IllegalArgumentException when the text is not a GeoJSON geometry
     */
    public Builder intersects(String geometryJson) {
      try {
        return intersects(Json.parse(geometryJson, "intersects"));
      } catch (JsonException e) {
        throw new IllegalArgumentException("intersects: " + e.getMessage(), e);
      }
    }

    /** Items whose datetime (or start/end range) overlaps the interval. */
    public Builder datetime(DatetimeInterval interval) {
      this.datetime = Objects.requireNonNull(interval, "datetime");
      return this;
    }

    /**
     * Parses a datetime: an RFC 3339 instant, {@code a/b}, {@code ../b}, {@code a/..}, or partial
     * dates ({@code 2021}, {@code 2021-07}, {@code 2021-07-14}) expanded to the period they name.
     *
     * @throws IllegalArgumentException naming the text when it cannot be parsed
     */
    public Builder datetime(String text) {
      return datetime(DatetimeInterval.parse(text));
    }

    /** Items at exactly this instant. */
    public Builder datetime(Instant instant) {
      return datetime(DatetimeInterval.at(instant));
    }

    /** Restricts to these collections (replacing earlier ones). */
    public Builder collections(String... ids) {
      return collections(Arrays.asList(ids));
    }

    /** Restricts to these collections (replacing earlier ones). */
    public Builder collections(List<String> ids) {
      this.collections.clear();
      ids.forEach(id -> this.collections.add(nonBlank(id, "collection id")));
      return this;
    }

    /** Restricts to these item ids (replacing earlier ones). */
    public Builder ids(String... ids) {
      return ids(Arrays.asList(ids));
    }

    /** Restricts to these item ids (replacing earlier ones). */
    public Builder ids(List<String> ids) {
      this.ids.clear();
      ids.forEach(id -> this.ids.add(nonBlank(id, "item id")));
      return this;
    }

    /** The page size to ask for, at least 1. */
    public Builder limit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, got " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** The most items to return in all, at least 1. */
    public Builder maxItems(long maxItems) {
      if (maxItems < 1) {
        throw new IllegalArgumentException("maxItems must be at least 1, got " + maxItems);
      }
      this.maxItems = maxItems;
      return this;
    }

    /** Sort keys in order, replacing earlier ones. */
    public Builder sortBy(SortBy... keys) {
      this.sortBy.clear();
      this.sortBy.addAll(Arrays.asList(keys));
      return this;
    }

    /** Sort keys in the GET form, e.g. {@code "-properties.datetime", "+id"}. */
    public Builder sortBy(String... keys) {
      this.sortBy.clear();
      for (String k : keys) {
        this.sortBy.add(SortBy.parse(k));
      }
      return this;
    }

    /** Fields to include and exclude (the fields extension). */
    public Builder fields(List<String> include, List<String> exclude) {
      this.fieldsInclude.clear();
      this.fieldsInclude.addAll(include);
      this.fieldsExclude.clear();
      this.fieldsExclude.addAll(exclude);
      return this;
    }

    /** The query extension object, e.g. {@code {"eo:cloud_cover": {"lt": 10}}}. */
    public Builder query(ObjectNode query) {
      this.query = Objects.requireNonNull(query, "query").deepCopy();
      return this;
    }

    /** A cql2-text filter, e.g. {@code eo:cloud_cover < 10 AND platform = 'sentinel-2a'}. */
    public Builder filter(String cql2Text) {
      this.filter = TextNode.valueOf(nonBlank(cql2Text, "filter"));
      this.filterLang = FilterLang.CQL2_TEXT;
      return this;
    }

    /** A cql2-json filter object. */
    public Builder filter(ObjectNode cql2Json) {
      this.filter = Objects.requireNonNull(cql2Json, "filter").deepCopy();
      this.filterLang = FilterLang.CQL2_JSON;
      return this;
    }

    /** The HTTP method; by default POST when the API advertises it for search, else GET. */
    public Builder method(RequestMethod method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * The search.
     *
     * @throws IllegalArgumentException when bbox and intersects are both set
     */
    public ItemSearch build() {
      if (bbox != null && intersects != null) {
        throw new IllegalArgumentException(
            "bbox and intersects are mutually exclusive: set only one of them");
      }
      return new ItemSearch(this);
    }

    private static String nonBlank(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return s;
    }
  }
}
