package io.waterbodies.events.sensor;

import io.waterbodies.core.WaterbodiesException;
import io.waterbodies.events.sensor.internal.CompiledDependency;
import io.waterbodies.events.sensor.internal.CompiledTrigger;
import io.waterbodies.events.sensor.internal.SensorModelReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Compiles a Sensor manifest completely without connecting to anything: every dependency's
 * transform and filters, every trigger's conditions, conditions resets and parameters, whatever its
 * Argo type. What {@code waterbodies events sensor --check} prints.
 *
 * @param location the manifest
 * @param sensorName the sensor name, when the manifest could be read
 * @param dependencies how many dependencies compiled
 * @param triggers each trigger with its type and whether this SDK can execute it
 * @param problems each problem with its JSON pointer; empty when the sensor compiles
 */
public record SensorCheck(
    String location,
    Optional<String> sensorName,
    int dependencies,
    List<TriggerSummary> triggers,
    List<Problem> problems) {
  /** Copies the lists. */
  public SensorCheck {
    triggers = List.copyOf(triggers);
    problems = List.copyOf(problems);
  }

  /**
   * One trigger.
   *
   * @param name the trigger name
   * @param kind its Argo type
   * @param executable whether an implementation is at hand
   */
  public record TriggerSummary(String name, String kind, boolean executable) {}

  /**
   * One problem.
   *
   * @param pointer the JSON pointer in the manifest ("" for the whole document)
   * @param message what is wrong
   */
  public record Problem(String pointer, String message) {}

  /** Whether the sensor compiles. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * Checks a manifest file.
   *
   * @param executable which triggers this SDK can run (for the summary only)
   */
  public static SensorCheck of(Path file, Predicate<TriggerSpec> executable) {
    String location = file.toString();
    io.waterbodies.argo.model.Sensor sensor;
    try {
      sensor = SensorSpec.model(file);
    } catch (WaterbodiesException e) {
      return new SensorCheck(
          location,
          Optional.empty(),
          0,
          List.of(),
          List.of(new Problem(e.pointer().orElse(""), e.detail())));
    }
    List<SensorSpecException> unreadable = new ArrayList<>();
    SensorModelReader.Collected read;
    try {
      read = SensorModelReader.readCollecting(sensor, location, unreadable);
    } catch (SensorSpecException e) {
      unreadable.add(e);
      read = null;
    }
    List<Problem> problems = new ArrayList<>();
    unreadable.forEach(e -> problems.add(new Problem(e.pointer().orElse(""), e.detail())));
    if (read == null) {
      return new SensorCheck(location, sensor.name(), 0, List.of(), problems);
    }
    SensorCheck compiled =
        of(read.spec(), location, executable, read.dependencyIndexes(), read.triggerIndexes());
    problems.addAll(compiled.problems());
    return new SensorCheck(
        location, compiled.sensorName(), compiled.dependencies(), compiled.triggers(), problems);
  }

  /** Checks a spec read from {@code location}. */
  public static SensorCheck of(
      SensorSpec spec, String location, Predicate<TriggerSpec> executable) {
    return of(
        spec,
        location,
        executable,
        java.util.stream.IntStream.range(0, spec.dependencies().size()).boxed().toList(),
        java.util.stream.IntStream.range(0, spec.triggers().size()).boxed().toList());
  }

  private static SensorCheck of(
      SensorSpec spec,
      String location,
      Predicate<TriggerSpec> executable,
      List<Integer> depIndex,
      List<Integer> triggerIndex) {
    List<Problem> problems = new ArrayList<>();
    int deps = 0;
    for (int i = 0; i < spec.dependencies().size(); i++) {
      try {
        CompiledDependency.compile(
            spec.dependencies().get(i), location, "/spec/dependencies/" + depIndex.get(i));
        deps++;
      } catch (WaterbodiesException e) {
        problems.add(new Problem(e.pointer().orElse(""), e.detail()));
      }
    }
    List<TriggerSummary> triggers = new ArrayList<>();
    for (int i = 0; i < spec.triggers().size(); i++) {
      TriggerSpec t = spec.triggers().get(i);
      String tp = "/spec/triggers/" + triggerIndex.get(i) + "/template/" + t.kind();
      try {
        CompiledTrigger.compile(t, location, tp + "/parameters");
        undeclaredInputs(t, tp + "/source/resource").forEach(problems::add);
        triggers.add(new TriggerSummary(t.name(), t.kind(), executable.test(t)));
      } catch (WaterbodiesException e) {
        problems.add(new Problem(e.pointer().orElse(""), e.detail()));
      }
    }
    return new SensorCheck(location, Optional.of(spec.name()), deps, triggers, problems);
  }

  private static final java.util.regex.Pattern INPUT_REF =
      java.util.regex.Pattern.compile("\\{\\{\\s*inputs\\.parameters\\.([A-Za-z0-9_.-]+)\\s*}}");

  /**
   * An inline Workflow whose template reads an input parameter it does not declare is rejected by
   * Argo's controller when the trigger submits it; report it now.
   */
  private static List<Problem> undeclaredInputs(TriggerSpec t, String ptr) {
    List<Problem> out = new ArrayList<>();
    if (!t.resource().path("kind").asText().equals("Workflow")) {
      return out;
    }
    com.fasterxml.jackson.databind.JsonNode templates = t.resource().path("spec").path("templates");
    for (int j = 0; j < templates.size(); j++) {
      com.fasterxml.jackson.databind.JsonNode tpl = templates.get(j);
      java.util.Set<String> declared = new java.util.HashSet<>();
      tpl.path("inputs").path("parameters").forEach(p -> declared.add(p.path("name").asText()));
      java.util.Set<String> used = new java.util.TreeSet<>();
      for (String field : List.of("container", "script", "args", "source")) {
        com.fasterxml.jackson.databind.JsonNode n = tpl.path(field);
        if (!n.isMissingNode()) {
          java.util.regex.Matcher m = INPUT_REF.matcher(n.toString());
          while (m.find()) {
            if (!declared.contains(m.group(1))) {
              used.add(m.group(1));
            }
          }
        }
      }
      if (!used.isEmpty()) {
        out.add(
            new Problem(
                ptr + "/spec/templates/" + j,
                "template '"
                    + tpl.path("name").asText()
                    + "' uses input parameters "
                    + used
                    + " that it does not declare (declared: "
                    + new java.util.TreeSet<>(declared)
                    + "); Argo rejects the Workflow when the trigger submits it"));
      }
    }
    return out;
  }

  /** A human summary, one line per finding. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    if (!ok()) {
      for (Problem p : problems) {
        out.add(location + "#" + p.pointer() + ": " + p.message());
      }
      return out;
    }
    out.add(
        location
            + ": sensor "
            + sensorName.orElse("?")
            + " compiles: "
            + dependencies
            + " dependencies, "
            + triggers.size()
            + " triggers");
    for (TriggerSummary t : triggers) {
      out.add(
          "  trigger "
              + t.name()
              + " ("
              + t.kind()
              + ")"
              + (t.executable() ? "" : ": no implementation in this SDK, cannot be executed"));
    }
    return out;
  }
}
