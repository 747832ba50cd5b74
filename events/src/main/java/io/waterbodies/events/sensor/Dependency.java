package io.waterbodies.events.sensor;

import java.util.Optional;

/**
 * One event dependency of a sensor: which events (event source and event name) it takes, the jq
 * transform applied to their data first, and the filters they must pass.
 *
 * @param name the dependency name, referenced by trigger parameters and conditions
 * @param eventSourceName the event source name (second subject token)
 * @param eventName the event name (third subject token)
 * @param jq a jq program applied to the event data before filtering (first output, an object)
 * @param filters the filters
 * @param filtersLogicalOperator how the filter kinds (data, exprs, context, time) combine
 */
public record Dependency(
    String name,
    String eventSourceName,
    String eventName,
    Optional<String> jq,
    Filters filters,
    LogicalOperator filtersLogicalOperator) {}
