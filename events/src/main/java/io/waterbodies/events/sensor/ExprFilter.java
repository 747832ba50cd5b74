package io.waterbodies.events.sensor;

import java.util.Map;

/**
 * Argo's expression filter: a govaluate expression ({@link
 * io.waterbodies.argo.expression.Expression}) over named fields, each read from a GJSON path of the
 * event data. A field whose path does not exist fails the filter, as in Argo.
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
