package io.waterbodies.events.sensor.engine;

import java.time.Duration;
import java.util.List;

/** A durable subscription of one route: fetches deliveries and repairs itself. */
public interface EventSubscription extends AutoCloseable {
  /**
   * Up to {@code max} deliveries, waiting at most {@code wait} for the first one.
   *
   * @throws Exception when the server cannot be reached; the route retries with backoff
   */
  List<Delivery> fetch(int max, Duration wait) throws Exception;

  /** Deliveries not yet acknowledged (pending and in flight); -1 when unknown. */
  long lag();

  /**
   * Checks the subscription while fetches stay empty and repairs what a server restart or an
   * operator broke (for example recreates a deleted consumer where the old one stopped).
   *
   * @throws Exception when the check itself fails
   */
  void check() throws Exception;

  /** Stops fetching; the durable state stays. */
  @Override
  void close();
}
