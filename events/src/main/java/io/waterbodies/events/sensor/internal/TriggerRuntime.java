package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.Trigger;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One trigger at run time: its compiled parameter mapping, implementation, rate limit, dependency
 * condition and {@code conditionsReset} schedules.
 */
final class TriggerRuntime {
  final CompiledTrigger compiled;
  final Trigger impl;
  final RateLimiter limiter;
  final Conditions conditions;
  final List<CronSchedule> resets;

  private TriggerRuntime(
      CompiledTrigger compiled, Trigger impl, Conditions conditions, List<CronSchedule> resets) {
    this.compiled = compiled;
    this.impl = impl;
    this.limiter = new RateLimiter(compiled.spec().rateLimit());
    this.conditions = conditions;
    this.resets = List.copyOf(resets);
  }

  String name() {
    return compiled.spec().name();
  }

  /**
   * Reads the trigger's {@code conditions} and {@code conditionsReset} from its template.
   *
   * @param dependencyNames the sensor's dependencies (all of them when there are no conditions)
   * @throws SensorSpecException naming what is invalid
   */
  static TriggerRuntime of(
      CompiledTrigger compiled,
      Trigger impl,
      List<String> dependencyNames,
      String location,
      String ptr) {
    JsonNode tpl = compiled.spec().raw();
    Conditions conditions;
    try {
      String text = tpl == null ? "" : tpl.path("conditions").asText("");
      conditions =
          text.isBlank()
              ? Conditions.allOf(
                  compiled.spec().dependencies().isEmpty()
                      ? dependencyNames
                      : compiled.spec().dependencies())
              : Conditions.parse(text, dependencyNames);
    } catch (IllegalArgumentException e) {
      throw new SensorSpecException(e.getMessage(), location, ptr + "/conditions", e);
    }
    List<CronSchedule> resets = new ArrayList<>();
    JsonNode rs = tpl == null ? null : tpl.path("conditionsReset");
    for (int i = 0; rs != null && i < rs.size(); i++) {
      JsonNode byTime = rs.get(i).path("byTime");
      if (!byTime.isObject()) {
        continue;
      }
      String rp = ptr + "/conditionsReset/" + i + "/byTime";
      try {
        String tz = byTime.path("timezone").asText("");
        ZoneId zone = tz.isBlank() ? ZoneOffset.UTC : ZoneId.of(tz);
        resets.add(CronSchedule.parse(byTime.path("cron").asText(""), zone));
      } catch (DateTimeException | IllegalArgumentException e) {
        throw new SensorSpecException(e.getMessage(), location, rp, e);
      }
    }
    return new TriggerRuntime(compiled, impl, conditions, resets);
  }
}
