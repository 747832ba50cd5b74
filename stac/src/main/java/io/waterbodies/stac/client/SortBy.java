package io.waterbodies.stac.client;

import java.util.Objects;

/**
 * One sort key of an item search (the sort extension): a field such as {@code properties.datetime}
 * or {@code id}, ascending or descending.
 *
 * @param field the field name, as the API names it
 * @param descending true for descending order
 */
public record SortBy(String field, boolean descending) {

  /** Checks the field. */
  public SortBy {
    Objects.requireNonNull(field, "field");
    if (field.isBlank()) {
      throw new IllegalArgumentException("sortby field must not be blank");
    }
  }

  /** Ascending by {@code field}. */
  public static SortBy asc(String field) {
    return new SortBy(field, false);
  }

  /** Descending by {@code field}. */
  public static SortBy desc(String field) {
    return new SortBy(field, true);
  }

  /** Parses {@code +field}, {@code -field} or {@code field} (ascending). */
  public static SortBy parse(String text) {
    String t = Objects.requireNonNull(text, "text").trim();
    if (t.startsWith("-")) {
      return desc(t.substring(1).trim());
    }
    if (t.startsWith("+")) {
      return asc(t.substring(1).trim());
    }
    return asc(t);
  }

  /** The direction as the POST form names it: {@code asc} or {@code desc}. */
  public String direction() {
    return descending ? "desc" : "asc";
  }

  /** The GET form: {@code +field} or {@code -field}. */
  @Override
  public String toString() {
    return (descending ? "-" : "+") + field;
  }
}
