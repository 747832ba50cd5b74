package io.waterbodies.argo.runner;

import io.waterbodies.argo.ArgoException;

/** A leaf template (container, script, resource) has no Java handler to run it locally. */
public class MissingStepHandlerException extends ArgoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming the template. */
  public MissingStepHandlerException(
      String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
