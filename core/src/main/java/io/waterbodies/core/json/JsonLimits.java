package io.waterbodies.core.json;

/**
 * Bounds applied when parsing untrusted JSON or YAML, so that a hostile or broken document fails
 * with a clear error instead of exhausting memory or the stack.
 *
 * @param maxDocumentBytes the largest document accepted, in bytes (UTF-8)
 * @param maxNestingDepth the deepest nesting of objects and arrays accepted
 * @param maxStringLength the longest single string value accepted, in characters
 */
public record JsonLimits(long maxDocumentBytes, int maxNestingDepth, int maxStringLength) {

  /** 64 MiB documents, 200 levels deep, strings up to 32 MiB: generous for STAC and Argo. */
  public static final JsonLimits DEFAULT = new JsonLimits(64L * 1024 * 1024, 200, 32 * 1024 * 1024);

  /** Checks the bounds are positive. */
  public JsonLimits {
    if (maxDocumentBytes <= 0 || maxNestingDepth <= 0 || maxStringLength <= 0) {
      throw new IllegalArgumentException("JSON limits must be positive");
    }
  }

  /** A copy with another maximum document size. */
  public JsonLimits withMaxDocumentBytes(long bytes) {
    return new JsonLimits(bytes, maxNestingDepth, maxStringLength);
  }

  /** A copy with another maximum nesting depth. */
  public JsonLimits withMaxNestingDepth(int depth) {
    return new JsonLimits(maxDocumentBytes, depth, maxStringLength);
  }
}
