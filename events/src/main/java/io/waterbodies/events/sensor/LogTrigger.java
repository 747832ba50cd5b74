package io.waterbodies.events.sensor;

import io.waterbodies.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the resolved resource of each trigger run (Argo's {@code log} trigger, and for dry runs).
 */
public final class LogTrigger implements Trigger {
  private static final Logger LOG = LoggerFactory.getLogger(LogTrigger.class);

  @Override
  public void fire(TriggerRequest request) {
    LOG.info(
        "sensor {} trigger {} key {} event(s) {}: {}",
        request.sensorName(),
        request.triggerName(),
        request.idempotencyKey(),
        request.events().values().stream().map(e -> e.id()).toList(),
        Json.write(request.resource(), false));
  }
}
