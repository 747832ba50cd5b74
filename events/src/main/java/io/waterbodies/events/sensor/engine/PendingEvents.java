package io.waterbodies.events.sensor.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The events a trigger with several dependencies holds while it waits for their partners (Argo
 * keeps the latest event of each dependency in the sensor's key-value store, as this does). An
 * event is saved here before it is acknowledged, so nothing acknowledged is lost.
 */
public interface PendingEvents {
  /**
   * A held event.
   *
   * @param body the (transformed) event as JSON
   * @param savedAt when it was saved
   */
  record Held(byte[] body, Instant savedAt) {}

  /**
   * The held events of a trigger's dependencies, by dependency name.
   *
   * @throws Exception when the store cannot be reached
   */
  Map<String, Held> load(String trigger, Collection<String> dependencies) throws Exception;

  /**
   * Holds the latest event of a dependency (replacing an older one, as Argo does).
   *
   * @throws Exception when the store cannot be reached
   */
  void save(String trigger, String dependency, Held event) throws Exception;

  /**
   * Drops the held events of a trigger's dependencies; with {@code before}, only those saved
   * earlier.
   *
   * @throws Exception when the store cannot be reached
   */
  void clear(String trigger, Collection<String> dependencies, Optional<Instant> before)
      throws Exception;
}
