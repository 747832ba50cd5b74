package io.waterbodies.events.sensor;

import io.waterbodies.events.EventsException;

/**
 * A sensor definition is invalid: unreadable, missing a field, or holding a filter, path, regex,
 * expression, template or jq program that cannot work. Raised when the sensor is built, never at
 * the first event; the message names the file and the JSON pointer of the offending value.
 */
public class SensorSpecException extends EventsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the value at {@code pointer} in {@code location}. */
  public SensorSpecException(String message, String location, String pointer, Throwable cause) {
    super(message, location, pointer, cause);
  }
}
