package io.waterbodies.events.pipeline;

/** Which event transport an embedded pipeline uses. */
public enum BusMode {
  /** Redis and NATS JetStream when both answer, else the in-memory bus (with a warning). */
  AUTO,
  /** Redis and NATS JetStream; fail when they are unreachable. */
  SERVERS,
  /**
   * The in-memory bus: the same envelopes, filters, transform and parameter mapping, no servers and
   * no durability (for demos and tests only).
   */
  IN_MEMORY
}
