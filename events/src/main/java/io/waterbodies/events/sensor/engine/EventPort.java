package io.waterbodies.events.sensor.engine;

/** Where a sensor's events come from: one durable subscription per route. */
@FunctionalInterface
public interface EventPort {
  /**
   * Subscribes (or resubscribes) a durable route.
   *
   * @param durable the route's durable name (stable across restarts)
   * @param subject the subject it reads
   * @throws Exception when the server refuses
   */
  EventSubscription subscribe(String durable, String subject) throws Exception;
}
