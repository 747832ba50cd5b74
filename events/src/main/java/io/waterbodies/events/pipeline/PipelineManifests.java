package io.waterbodies.events.pipeline;

import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.validation.ArgoValidator;
import io.waterbodies.argo.validation.ManifestFinding;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link Pipeline} rendered for a cluster: the Argo resources in the order to apply them
 * (EventBus, EventSource, Sensor, the CWL runner WorkflowTemplate, the detection WorkflowTemplate).
 *
 * <pre>{@code
 * PipelineManifests m = pipeline.manifests();
 * List<ManifestFinding> problems = m.validate(ArgoValidator.create(ArgoSchemas.load(schemaDir)));
 * Files.writeString(Path.of("pipeline.yaml"), m.toYaml());
 * }</pre>
 *
 * @param resources the resources, in apply order
 */
public record PipelineManifests(List<ArgoResource> resources) {
  /** Copies the list. */
  public PipelineManifests {
    resources = List.copyOf(resources);
  }

  /** All resources as one multi-document YAML text. */
  public String toYaml() {
    return ArgoManifests.toYaml(resources);
  }

  /** The resource of {@code kind} named {@code name}, when there is one. */
  public Optional<ArgoResource> find(String kind, String name) {
    return resources.stream()
        .filter(r -> r.kind().equals(kind) && r.name().equals(Optional.of(name)))
        .findFirst();
  }

  /** A file name per resource: {@code <kind>-<name>.yaml}, lower case. */
  public static String fileName(ArgoResource r) {
    return r.kind().toLowerCase(Locale.ROOT) + "-" + r.displayName() + ".yaml";
  }

  /** Validates the resources together (schemas, strict fields, cross-references). */
  public List<ManifestFinding> validate(ArgoValidator validator) {
    return validator.validate(resources);
  }
}
