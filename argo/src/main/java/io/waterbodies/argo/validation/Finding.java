package io.waterbodies.argo.validation;

import java.util.Objects;

/**
 * One problem found in a manifest.
 *
 * @param resource the resource, as {@code Kind/name}
 * @param pointer JSON pointer to the offending value inside the resource ({@code ""} for the root)
 * @param message what is wrong, in words a user can act on
 * @param source which check found it
 */
public record Finding(String resource, String pointer, String message, Source source) {
  /** The check that produced a finding. */
  public enum Source {
    /** The Argo JSON schema. */
    SCHEMA,
    /** A field that the schema does not define (likely a typo). */
    UNKNOWN_FIELD,
    /** A reference or name rule the schema cannot express. */
    SEMANTIC
  }

  /** Checks the fields. */
  public Finding {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    return resource + " " + (pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }
}
