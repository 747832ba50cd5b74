package io.waterbodies.argo.runner.internal;

import io.waterbodies.argo.expression.Expression;
import io.waterbodies.argo.expression.ExpressionException;
import java.util.Optional;

/**
 * Evaluates Argo {@code when} conditions after substitution with the shared govaluate evaluator
 * ({@link Expression}). One leniency for the local runner: a bare word that is not a parameter
 * ({@code Succeeded} in {@code {{workflow.status}} == Succeeded}) stands for itself as a string, as
 * Argo users write it, where govaluate would reject the unknown parameter.
 */
public final class Conditions {
  private Conditions() {}

  /**
   * Evaluates {@code expression}.
   *
   * @throws IllegalArgumentException when it cannot be parsed or does not yield a boolean
   */
  public static boolean evaluate(String expression) {
    try {
      Object v = Expression.parse(expression).evaluateWith(Optional::of);
      if (v instanceof Boolean b) {
        return b;
      }
      String s = Expression.format(v).trim();
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false") || s.isEmpty()) {
        return false;
      }
      throw new IllegalArgumentException("'" + s + "' is not a boolean: " + expression);
    } catch (ExpressionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
