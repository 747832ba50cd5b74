package io.waterbodies.events.sensor;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.events.sensor.internal.SensorModelReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a sensor listens to and what it triggers: the sensor part of an Argo Events {@code Sensor}
 * manifest ({@code spec.dependencies}, {@code spec.triggers}), taken from the typed Argo model
 * {@link io.waterbodies.argo.model.Sensor} ({@link #from}); {@link #read(Path)} and {@link #parse}
 * read YAML or JSON through that model. A {@link Sensor} compiles it and rejects invalid filters
 * before the first event.
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
    return from(model(file), file.toString());
  }

  /** Reads the one Sensor of a manifest file as the typed Argo model. */
  static io.waterbodies.argo.model.Sensor model(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SensorSpecException(
          "cannot read the sensor file: " + e.getMessage(), file.toString(), null, e);
    }
    return model(text, file.toString());
  }

  /** Parses a manifest from text; {@code location} names it in messages. */
  public static SensorSpec parse(String text, String location) {
    return from(model(text, location), location);
  }

  private static io.waterbodies.argo.model.Sensor model(String text, String location) {
    List<io.waterbodies.argo.model.Sensor> sensors = new java.util.ArrayList<>();
    try {
      // A manifest may carry other resources too (a WorkflowTemplate the sensor refers to); a
      // document without apiVersion and kind is taken as a Sensor, as before.
      for (com.fasterxml.jackson.databind.node.ObjectNode tree :
          ArgoManifests.withLimits(io.waterbodies.argo.manifest.ManifestLimits.DEFAULT)
              .readTrees(text, location)) {
        if (!tree.has("kind")) {
          tree.put("kind", io.waterbodies.argo.model.Sensor.KIND);
        }
        if (!tree.has("apiVersion")) {
          tree.put("apiVersion", "argoproj.io/v1alpha1");
        }
        if (io.waterbodies.argo.model.Sensor.KIND.equals(tree.path("kind").asText())) {
          sensors.add((io.waterbodies.argo.model.Sensor) ArgoManifests.fromJson(tree, location));
        }
      }
    } catch (ArgoException e) {
      throw new SensorSpecException(e.detail(), location, e.pointer().orElse(null), e);
    }
    if (sensors.size() != 1) {
      throw new SensorSpecException(
          "expected one Sensor document, found " + sensors.size(), location, "", null);
    }
    return sensors.get(0);
  }

  /**
   * The sensor part of a typed Argo Sensor.
   *
   * @param location names the manifest in messages
   * @throws SensorSpecException naming the JSON pointer of what is wrong
   */
  public static SensorSpec from(io.waterbodies.argo.model.Sensor sensor, String location) {
    return SensorModelReader.read(sensor, location);
  }
}
