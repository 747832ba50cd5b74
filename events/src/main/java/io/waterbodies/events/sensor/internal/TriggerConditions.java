package io.waterbodies.events.sensor.internal;

import io.waterbodies.argo.expression.Expression;
import io.waterbodies.argo.expression.ExpressionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A trigger's {@code conditions} (for example {@code dep1 && (dep2 || dep3)}), compiled as Argo's
 * JetStream sensor does: dependency names are govaluate parameters (hyphens escaped; {@code _} may
 * stand for {@code -}), each true when that dependency has an event. Without conditions a trigger
 * needs all of the sensor's dependencies.
 */
public final class TriggerConditions {
  private final Expression expression;
  private final Map<String, String> variableToDependency;
  private final List<String> dependencies;

  private TriggerConditions(
      Expression expression, Map<String, String> variableToDependency, List<String> deps) {
    this.expression = expression;
    this.variableToDependency = variableToDependency;
    this.dependencies = List.copyOf(deps);
  }

  /**
   * Compiles {@code conditions} against the sensor's dependency names.
   *
   * @throws IllegalArgumentException for a syntax error, an unknown dependency or a non-boolean
   */
  public static TriggerConditions compile(String conditions, List<String> dependencyNames) {
    Expression e;
    try {
      e = Expression.parse(conditions.replace("-", "\\-"));
    } catch (ExpressionException ex) {
      throw new IllegalArgumentException("conditions '" + conditions + "': " + ex.getMessage(), ex);
    }
    Map<String, String> map = new HashMap<>();
    List<String> deps = new ArrayList<>();
    for (String v : e.variables()) {
      String dep =
          dependencyNames.stream()
              .filter(d -> d.equals(v) || d.replace('-', '_').equals(v.replace('-', '_')))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "conditions name an unknown dependency '"
                              + v
                              + "' (known: "
                              + dependencyNames
                              + ")"));
      map.put(v, dep);
      if (!deps.contains(dep)) {
        deps.add(dep);
      }
    }
    TriggerConditions c = new TriggerConditions(e, map, deps);
    try {
      c.satisfiedBy(Set.of());
      c.satisfiedBy(Set.copyOf(deps));
    } catch (ExpressionException ex) {
      throw new IllegalArgumentException(
          "conditions '"
              + conditions
              + "' must be a boolean expression over dependency names: "
              + ex.getMessage(),
          ex);
    }
    return c;
  }

  /** The dependencies the conditions name, in order of appearance. */
  public List<String> dependencies() {
    return dependencies;
  }

  /**
   * Whether the conditions hold when exactly the dependencies in {@code withEvents} have events.
   *
   * @throws ExpressionException when the expression does not yield a boolean
   */
  public boolean satisfiedBy(Set<String> withEvents) {
    return expression.testWith(
        v -> Optional.of(withEvents.contains(variableToDependency.getOrDefault(v, v))));
  }

  @Override
  public String toString() {
    return expression.text().replace("\\-", "-");
  }
}
