package io.waterbodies.stac.validation;

import java.util.List;
import java.util.Objects;

/**
 * One validation result: where in the document (an RFC 6901 JSON pointer, {@code ""} for the root),
 * what is wrong, how bad it is, and which layer found it.
 *
 * @param pointer the JSON pointer of the offending value
 * @param message what is wrong, phrased so the user can fix it
 * @param severity {@link Severity#ERROR} makes the document invalid; warnings do not
 * @param layer which check found it
 */
public record Finding(String pointer, String message, Severity severity, Layer layer) {

  /** How bad a finding is. */
  public enum Severity {
    /** The document is not valid STAC. */
    ERROR,
    /** Worth knowing, but the document is valid (e.g. an extension schema was not checked). */
    WARNING
  }

  /** Which check produced a finding. */
  public enum Layer {
    /** The document could not be read or parsed as JSON. */
    PARSE,
    /** The always-on structural rules written in Java. */
    STRUCTURE,
    /** JSON Schema validation against the official STAC (and extension) schemas. */
    SCHEMA
  }

  /** Checks the components are present. */
  public Finding {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(layer, "layer");
  }

  /** An error. */
  public static Finding error(String pointer, String message, Layer layer) {
    return new Finding(pointer, message, Severity.ERROR, layer);
  }

  /** A warning. */
  public static Finding warning(String pointer, String message, Layer layer) {
    return new Finding(pointer, message, Severity.WARNING, layer);
  }

  /** True for {@link Severity#ERROR}. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** True when none of the findings is an error. */
  public static boolean valid(List<Finding> findings) {
    return findings.stream().noneMatch(Finding::isError);
  }

  /** {@code /pointer: message}, with a {@code warning: } prefix for warnings. */
  @Override
  public String toString() {
    return (pointer.isEmpty() ? "/" : pointer)
        + ": "
        + (severity == Severity.WARNING ? "warning: " : "")
        + message;
  }
}
