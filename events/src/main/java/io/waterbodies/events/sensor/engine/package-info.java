/**
 * The ports of the transport-neutral sensor engine and its in-memory adapters. The engine (in
 * {@code sensor.internal}: {@code SensorEngine} decides fire, retry with backoff, dead-letter,
 * duplicate or hold for each delivery; {@code SensorRunner} supervises one thread per route) talks
 * only to these ports: {@link io.waterbodies.events.sensor.engine.EventPort} (durable subscriptions
 * whose {@link io.waterbodies.events.sensor.engine.Delivery} has ack, nak with delay and
 * in-progress), {@link io.waterbodies.events.sensor.engine.CompletedKeys} (an atomic claim of an
 * idempotency key), {@link io.waterbodies.events.sensor.engine.PendingEvents} (events waiting for
 * their partners) and {@link io.waterbodies.events.sensor.engine.DeadLetterSink}. {@link
 * io.waterbodies.events.sensor.Sensor} runs it over JetStream (durable pull consumers, a key-value
 * bucket, a dead-letter stream) or over the in-memory adapters of this package ({@link
 * io.waterbodies.events.sensor.engine.InMemoryEventBus}, {@link
 * io.waterbodies.events.sensor.engine.InMemoryStore}, {@link
 * io.waterbodies.events.sensor.engine.InMemoryDeadLetters}) through a {@link
 * io.waterbodies.events.sensor.engine.SensorTransport}.
 */
package io.waterbodies.events.sensor.engine;
