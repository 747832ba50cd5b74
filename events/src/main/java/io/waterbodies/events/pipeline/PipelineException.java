package io.waterbodies.events.pipeline;

import io.waterbodies.events.EventsException;

/** A pipeline definition is invalid (named setting and why), or an embedded run could not start. */
public class PipelineException extends EventsException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message only. */
  public PipelineException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception naming the file and JSON pointer of the problem. */
  public PipelineException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
