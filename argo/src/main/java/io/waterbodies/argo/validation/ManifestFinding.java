package io.waterbodies.argo.validation;

import java.util.Objects;

/**
 * One problem found in an Argo manifest (named apart from STAC's {@code Finding}, which has other
 * fields).
 *
 * @param resource the resource, as {@code Kind/name} (or the file, for a problem found before the
 *     resource could be read)
 * @param pointer JSON pointer to the offending value inside the resource ({@code ""} for the root)
 * @param message what is wrong, in words a user can act on
 * @param source which check found it
 * @param severity whether Argo would refuse or misbehave ({@link Severity#ERROR}) or the manifest
 *     is accepted but probably not what was meant ({@link Severity#WARNING})
 */
public record ManifestFinding(
    String resource, String pointer, String message, Source source, Severity severity) {
  /** The check that produced a finding. */
  public enum Source {
    /** The YAML or JSON text itself (e.g. a duplicate key). */
    SYNTAX,
    /** The Argo JSON schema. */
    SCHEMA,
    /** A field that the schema does not define (likely a typo). */
    UNKNOWN_FIELD,
    /** A reference or name rule the schema cannot express. */
    SEMANTIC
  }

  /** How serious a finding is. */
  public enum Severity {
    /** Argo refuses the manifest, or it cannot do what it says. */
    ERROR,
    /** Argo accepts the manifest, but something is likely not what was meant. */
    WARNING
  }

  /** Checks the fields. */
  public ManifestFinding {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(severity, "severity");
  }

  /** An error finding. */
  public ManifestFinding(String resource, String pointer, String message, Source source) {
    this(resource, pointer, message, source, Severity.ERROR);
  }

  /** A warning finding. */
  public static ManifestFinding warning(
      String resource, String pointer, String message, Source source) {
    return new ManifestFinding(resource, pointer, message, source, Severity.WARNING);
  }

  /** Whether this is an error (not a warning). */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The same finding as an error (for {@code --strict}). */
  public ManifestFinding asError() {
    return new ManifestFinding(resource, pointer, message, source, Severity.ERROR);
  }

  @Override
  public String toString() {
    return (severity == Severity.WARNING ? "warning: " : "")
        + resource
        + " "
        + (pointer.isEmpty() ? "/" : pointer)
        + ": "
        + message;
  }
}
