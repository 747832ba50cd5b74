package io.waterbodies.argo.manifest;

/**
 * A key written twice in one YAML mapping. YAML forbids it; Kubernetes tools disagree on which
 * value wins (the last, for most), so the first value is silently lost.
 *
 * @param pointer JSON pointer of the key, e.g. {@code /metadata/annotations}
 * @param key the key
 * @param line 1-based line of the second occurrence
 * @param firstLine 1-based line of the first occurrence
 */
public record DuplicateKey(String pointer, String key, int line, int firstLine) {
  /** A sentence naming the key and both lines. */
  public String message() {
    return "duplicate key '"
        + key
        + "' at line "
        + line
        + " (first at line "
        + firstLine
        + "); the first value is ignored";
  }
}
