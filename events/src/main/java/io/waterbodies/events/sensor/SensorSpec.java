package io.waterbodies.events.sensor;

import io.waterbodies.events.sensor.internal.SensorSpecReader;
import java.nio.file.Path;
import java.util.List;

/**
 * What a sensor listens to and what it triggers: the sensor part of an Argo Events {@code Sensor}
 * manifest ({@code spec.dependencies}, {@code spec.triggers}). Read one with {@link #read(Path)}; a
 * {@link Sensor} compiles it and rejects invalid filters before the first event.
 *
 * @param name the sensor name ({@code metadata.name})
 * @param dependencies the event dependencies
 * @param triggers the triggers
 */
public record SensorSpec(String name, List<Dependency> dependencies, List<TriggerSpec> triggers) {
  /** Copies the lists. */
  public SensorSpec {
    dependencies = List.copyOf(dependencies);
    triggers = List.copyOf(triggers);
  }

  /**
   * Reads an Argo Events Sensor manifest (YAML or JSON).
   *
   * @throws SensorSpecException naming the file and JSON pointer of what is wrong
   */
  public static SensorSpec read(Path file) {
    return SensorSpecReader.read(file);
  }

  /** Parses a manifest from text; {@code location} names it in messages. */
  public static SensorSpec parse(String text, String location) {
    return SensorSpecReader.parse(text, location);
  }
}
