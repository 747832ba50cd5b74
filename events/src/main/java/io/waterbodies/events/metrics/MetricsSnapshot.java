package io.waterbodies.events.metrics;

/**
 * The counters of a component at one moment.
 *
 * @param component the component's name
 * @param in events received
 * @param out events delivered onwards (published to the next hop, or triggered)
 * @param failed failed attempts (each retry counts)
 * @param redelivered events handed back to the server for redelivery
 * @param deadLettered events sent to the dead-letter subject
 * @param duplicates events recognised as already processed and skipped
 * @param filtered events that did not pass the filters
 * @param lag events waiting upstream (pending in the consumer or stream); -1 when unknown
 */
public record MetricsSnapshot(
    String component,
    long in,
    long out,
    long failed,
    long redelivered,
    long deadLettered,
    long duplicates,
    long filtered,
    long lag) {}
