package io.waterbodies.events.sensor;

import java.util.Map;

/**
 * Argo's expression filter: a boolean expression over named fields, each read from a GJSON path of
 * the event data. Supported: comparisons ({@code == != > >= < <=}, {@code =~ !~} for regexes),
 * {@code && || !}, parentheses, string ({@code 'a'} or {@code "a"}), number and {@code true/false}
 * literals.
 *
 * @param expr the expression
 * @param fields field name to GJSON path, in declaration order
 */
public record ExprFilter(String expr, Map<String, String> fields) {
  /** Copies the map, keeping its order. */
  public ExprFilter {
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
