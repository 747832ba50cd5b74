package io.waterbodies.argo.reference;

import io.waterbodies.argo.ArgoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A deployable rendering of the reference pipeline ({@link ReferencePipeline#bundle()}): the
 * documents in the order to apply them, the CWL application package the runner template embeds, and
 * what the cluster must already have.
 *
 * <pre>{@code
 * Bundle bundle = ReferencePipeline.builder().namespace("eoap").build().bundle();
 * List<Path> files = bundle.write(Path.of("deploy"));   // kubectl apply -f each, in this order
 * }</pre>
 *
 * @param documents the documents, in apply order
 * @param cwl the CWL document text, when the pipeline runs our own package (not a URL)
 * @param prerequisites what the cluster needs before the documents are applied
 */
public record Bundle(
    List<BundleDocument> documents, Optional<String> cwl, List<String> prerequisites) {
  /** Copies the lists. */
  public Bundle {
    documents = List.copyOf(documents);
    prerequisites = List.copyOf(prerequisites);
  }

  /** All documents as one multi-document YAML text, in apply order. */
  public String toYaml() {
    return String.join("---\n", documents.stream().map(BundleDocument::toYaml).toList());
  }

  /**
   * Writes one YAML file per document and the CWL document ({@value ReferenceNames#CWL_FILE}) into
   * {@code dir} (created when missing).
   *
   * @return the YAML files written, in apply order (the CWL file is not applied: it is embedded in
   *     the runner template)
   * @throws ArgoException when a file cannot be written
   */
  public List<Path> write(Path dir) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (BundleDocument d : documents) {
        Path f = dir.resolve(d.fileName());
        Files.writeString(f, d.toYaml(), StandardCharsets.UTF_8);
        written.add(f);
      }
      if (cwl.isPresent()) {
        Files.writeString(dir.resolve(ReferenceNames.CWL_FILE), cwl.get(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new ArgoException(
          "cannot write the bundle: " + e.getMessage(), dir.toString(), null, e);
    }
    return List.copyOf(written);
  }
}
