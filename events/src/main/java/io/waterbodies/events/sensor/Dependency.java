package io.waterbodies.events.sensor;

import java.util.Optional;

/**
 * One event dependency of a sensor: which events (event source and event name) it takes, the
 * transform applied to their data first (jq or Lua), and the filters they must pass.
 *
 * @param name the dependency name, referenced by trigger parameters and conditions
 * @param eventSourceName the event source name (second subject token)
 * @param eventName the event name (third subject token)
 * @param jq a jq program applied to the event data before filtering (first output, an object)
 * @param script a Lua transform ({@code transform.script}): the global {@code event} is the data,
 *     the returned table the new data
 * @param filters the filters
 * @param filtersLogicalOperator how the filter kinds (data, exprs, context, time, script) combine
 */
public record Dependency(
    String name,
    String eventSourceName,
    String eventName,
    Optional<String> jq,
    Optional<String> script,
    Filters filters,
    LogicalOperator filtersLogicalOperator) {}
