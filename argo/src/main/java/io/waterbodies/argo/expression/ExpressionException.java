package io.waterbodies.argo.expression;

import io.waterbodies.argo.ArgoException;

/**
 * An expression cannot be parsed (syntax, unbalanced parenthesis, invalid regex) or cannot be
 * evaluated (a missing parameter, an operator applied to the wrong type, as govaluate reports it).
 */
public class ExpressionException extends ArgoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ExpressionException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
