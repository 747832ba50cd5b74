package io.waterbodies.events.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The health of every component of a process at one moment: ready when all are. The CLI prints it
 * on SIGUSR1 and writes {@link #toJson()} to its {@code --health-file}.
 *
 * @param at when it was taken
 * @param components one entry per component
 */
public record HealthReport(Instant at, List<ComponentHealth> components) {
  /** Copies the list. */
  public HealthReport {
    Objects.requireNonNull(at, "at");
    components = List.copyOf(components);
  }

  /** A report taken now. */
  public static HealthReport now(List<ComponentHealth> components) {
    return new HealthReport(Instant.now(), components);
  }

  /** True when every component is ready. */
  public boolean ready() {
    return components.stream().allMatch(ComponentHealth::ready);
  }

  /** {@code {"at", "ready", "components": [...]}}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("at", at.toString());
    o.put("ready", ready());
    ArrayNode a = o.putArray("components");
    components.forEach(c -> a.add(c.toJson()));
    return o;
  }

  /** One line per component, after a heading line. */
  public String text() {
    StringBuilder b =
        new StringBuilder("health at ")
            .append(at)
            .append(": ")
            .append(ready() ? "ready" : "NOT ready")
            .append('\n');
    components.forEach(c -> b.append("  ").append(c.line()).append('\n'));
    return b.toString();
  }
}
