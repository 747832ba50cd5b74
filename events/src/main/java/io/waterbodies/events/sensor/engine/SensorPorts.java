package io.waterbodies.events.sensor.engine;

/**
 * The ports one running sensor uses.
 *
 * @param events the event subscriptions
 * @param keys the completed idempotency keys
 * @param pending the events waiting for their partners
 * @param deadLetters the dead-letter sink
 */
public record SensorPorts(
    EventPort events, CompletedKeys keys, PendingEvents pending, DeadLetterSink deadLetters) {}
