package io.waterbodies.events;

/** A Redis key that should hold a stream holds another type (a string, a list, ...). */
public class NotAStreamException extends EventsException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String actualType;

  /** Creates the exception for {@code key}, which holds a value of {@code actualType}. */
  public NotAStreamException(String location, String key, String actualType) {
    super(
        "Redis key '"
            + key
            + "' holds a "
            + actualType
            + ", not a stream; choose another stream name or delete the key",
        location,
        null,
        null);
    this.key = key;
    this.actualType = actualType;
  }

  /** The Redis key. */
  public String key() {
    return key;
  }

  /** The Redis type the key holds (as reported by TYPE). */
  public String actualType() {
    return actualType;
  }
}
