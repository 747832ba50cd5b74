/**
 * The transport-neutral sensor engine: routes each event of a compiled sensor to its triggers and
 * decides fire, retry (nak with backoff), dead-letter or duplicate, behind small ports ({@link
 * io.waterbodies.events.sensor.engine.EventPort} with ack/nak/in-progress, {@link
 * io.waterbodies.events.sensor.engine.CompletedKeys} with an atomic claim, {@link
 * io.waterbodies.events.sensor.engine.PendingEvents} for dependencies waiting for their partners,
 * {@link io.waterbodies.events.sensor.engine.DeadLetterSink}). {@link
 * io.waterbodies.events.sensor.Sensor} runs it over JetStream (durable pull consumers, a key-value
 * bucket, a dead-letter stream) or over the in-memory adapters of this package ({@link
 * io.waterbodies.events.sensor.engine.InMemoryEventBus}, {@link
 * io.waterbodies.events.sensor.engine.InMemoryStore}).
 */
package io.waterbodies.events.sensor.engine;
