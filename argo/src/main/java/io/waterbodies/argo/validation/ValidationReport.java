package io.waterbodies.argo.validation;

import io.waterbodies.argo.model.ArgoResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link ArgoValidator#validateFiles}: per file, the resources read, the findings
 * (errors and warnings) and notes about skipped documents.
 *
 * @param files one result per file, in the order given
 */
public record ValidationReport(List<FileResult> files) {
  /**
   * What one file held.
   *
   * @param file the file
   * @param resources the Argo resources read from it
   * @param findings its errors and warnings
   * @param notes documents skipped because they are not Argo resources
   */
  public record FileResult(
      Path file, List<ArgoResource> resources, List<ManifestFinding> findings, List<String> notes) {
    /** Copies the lists. */
    public FileResult {
      Objects.requireNonNull(file, "file");
      resources = List.copyOf(resources);
      findings = List.copyOf(findings);
      notes = List.copyOf(notes);
    }
  }

  /** Copies the list. */
  public ValidationReport {
    files = List.copyOf(files);
  }

  /** The number of Argo resources read. */
  public int resourceCount() {
    return files.stream().mapToInt(f -> f.resources().size()).sum();
  }

  /** The number of errors. */
  public long errorCount() {
    return findings().stream().filter(ManifestFinding::isError).count();
  }

  /** The number of warnings. */
  public long warningCount() {
    return findings().stream().filter(f -> !f.isError()).count();
  }

  /** Every finding, file by file. */
  public List<ManifestFinding> findings() {
    return files.stream().flatMap(f -> f.findings().stream()).toList();
  }

  /** Whether any finding is an error. */
  public boolean hasErrors() {
    return errorCount() > 0;
  }

  /** The same report with every warning made an error ({@code --strict}). */
  public ValidationReport strict() {
    return new ValidationReport(
        files.stream()
            .map(
                f ->
                    new FileResult(
                        f.file(),
                        f.resources(),
                        f.findings().stream().map(ManifestFinding::asError).toList(),
                        f.notes()))
            .toList());
  }

  /** One line: files, resources, errors, warnings, skipped documents. */
  public String summary() {
    long skipped = files.stream().mapToLong(f -> f.notes().size()).sum();
    return plural(files.size(), "file")
        + ", "
        + plural(resourceCount(), "resource")
        + ", "
        + plural(errorCount(), "error")
        + ", "
        + plural(warningCount(), "warning")
        + (skipped > 0 ? ", " + plural(skipped, "document") + " skipped" : "");
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
