package io.waterbodies.events.sensor;

/**
 * The health of a {@link Sensor}: whether it runs, how often its routes were restarted after a
 * failure, and what is still owed.
 *
 * @param running whether the routes run
 * @param routes the number of routes (trigger, dependency)
 * @param restarts route restarts after a failure since start
 * @param unrecorded triggers fired whose idempotency key is not recorded yet
 * @param lastError the last route failure, empty when none
 */
public record SensorHealth(
    boolean running, int routes, long restarts, int unrecorded, String lastError) {}
