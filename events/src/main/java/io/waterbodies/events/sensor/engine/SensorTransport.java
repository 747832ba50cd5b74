package io.waterbodies.events.sensor.engine;

/**
 * Opens the {@link SensorPorts} of a sensor (connecting, creating streams and buckets) and closes
 * what it opened. {@link io.waterbodies.events.sensor.Sensor} uses the JetStream transport unless
 * {@link io.waterbodies.events.sensor.Sensor.Builder#inMemory} chose the in-memory one.
 */
public interface SensorTransport extends AutoCloseable {
  /**
   * Connects and prepares the ports of the named sensor.
   *
   * @throws io.waterbodies.events.EventsException when the servers cannot be used
   */
  SensorPorts open(String sensorName);

  /** A short description for logs (no credentials). */
  String describe();

  /** Closes what {@link #open} created (never a connection the host passed in). */
  @Override
  void close();
}
