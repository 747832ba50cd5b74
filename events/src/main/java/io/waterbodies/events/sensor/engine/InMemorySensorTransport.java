package io.waterbodies.events.sensor.engine;

import java.util.Objects;

/** The in-memory adapters as a {@link SensorTransport}: a bus, a store and a dead-letter list. */
public final class InMemorySensorTransport implements SensorTransport {
  private final InMemoryEventBus bus;
  private final InMemoryStore store;
  private final InMemoryDeadLetters deadLetters;

  /** The transport over {@code bus}, with a fresh store and dead-letter list. */
  public InMemorySensorTransport(InMemoryEventBus bus) {
    this(bus, new InMemoryStore(), new InMemoryDeadLetters());
  }

  /** The transport over the given adapters (shared by sensor replicas in one JVM). */
  public InMemorySensorTransport(
      InMemoryEventBus bus, InMemoryStore store, InMemoryDeadLetters deadLetters) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.store = Objects.requireNonNull(store, "store");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /** The dead letters of the sensor. */
  public InMemoryDeadLetters deadLetters() {
    return deadLetters;
  }

  @Override
  public SensorPorts open(String sensorName) {
    return new SensorPorts(bus, store, store, deadLetters);
  }

  @Override
  public String describe() {
    return "the in-memory bus";
  }

  @Override
  public void close() {
    // Nothing was connected.
  }
}
