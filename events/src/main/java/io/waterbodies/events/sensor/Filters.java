package io.waterbodies.events.sensor;

import java.util.List;
import java.util.Optional;

/**
 * The filters of one dependency (Argo's {@code filters} block).
 *
 * @param data data filters
 * @param dataLogicalOperator how data filters combine
 * @param exprs expression filters
 * @param exprLogicalOperator how expression filters combine
 * @param context the context filter, when given
 * @param time the time filter, when given
 * @param script a Lua filter script ({@code filters.script}), passing when it returns {@code true}
 */
public record Filters(
    List<DataFilter> data,
    LogicalOperator dataLogicalOperator,
    List<ExprFilter> exprs,
    LogicalOperator exprLogicalOperator,
    Optional<ContextFilter> context,
    Optional<TimeFilter> time,
    Optional<String> script) {
  /** Copies the lists. */
  public Filters {
    data = List.copyOf(data);
    exprs = List.copyOf(exprs);
  }

  /** No filters: every event passes. */
  public static Filters none() {
    return new Filters(
        List.of(),
        LogicalOperator.AND,
        List.of(),
        LogicalOperator.AND,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
