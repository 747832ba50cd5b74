package io.waterbodies.argo.manifest;

/**
 * Limits applied when reading manifests, so hostile input fails fast instead of exhausting memory.
 *
 * @param maxBytes largest accepted input, in bytes (default 5 MiB; Kubernetes objects are ~1.5 MB)
 * @param maxAliases most YAML aliases to collections in one input (default 50)
 * @param maxDocuments most documents in a multi-document YAML input (default 1000)
 */
public record ManifestLimits(long maxBytes, int maxAliases, int maxDocuments) {
  /** The defaults. */
  public static final ManifestLimits DEFAULT = new ManifestLimits(5L * 1024 * 1024, 50, 1000);

  /** Checks the fields. */
  public ManifestLimits {
    if (maxBytes <= 0 || maxAliases < 0 || maxDocuments <= 0) {
      throw new IllegalArgumentException("manifest limits must be positive");
    }
  }

  /** The same limits with another size limit. */
  public ManifestLimits withMaxBytes(long bytes) {
    return new ManifestLimits(bytes, maxAliases, maxDocuments);
  }

  /** The same limits with another alias limit. */
  public ManifestLimits withMaxAliases(int aliases) {
    return new ManifestLimits(maxBytes, aliases, maxDocuments);
  }
}
