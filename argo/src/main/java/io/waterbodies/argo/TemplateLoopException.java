package io.waterbodies.argo;

/**
 * Templates call each other in a cycle (A calls B calls A); found by validation and by the local
 * runner.
 */
public class TemplateLoopException extends ArgoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming the location and JSON pointer of the problem. */
  public TemplateLoopException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
