package io.waterbodies.examples.pipeline.internal;

import io.waterbodies.core.WaterbodiesException;

/** A step of a locally run detection workflow failed; the message names the Item and why. */
public final class PipelineStepException extends WaterbodiesException {
  private static final long serialVersionUID = 1L;

  /** A failure at {@code location} (an item URL, a directory or a workflow name). */
  public PipelineStepException(String message, String location) {
    super(message, location, null, null);
  }

  /** A failure whose message already names where it happened. */
  public PipelineStepException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure at {@code location} caused by {@code cause}. */
  public PipelineStepException(String message, String location, Throwable cause) {
    super(message, location, null, cause);
  }
}
