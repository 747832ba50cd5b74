package io.waterbodies.examples;

import io.waterbodies.argo.validation.ArgoSchemas;
import io.waterbodies.argo.validation.ArgoValidator;
import io.waterbodies.argo.validation.ManifestFinding;
import io.waterbodies.events.pipeline.Pipeline;
import io.waterbodies.events.pipeline.PipelineManifests;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.examples.pipeline.DetectionWorkflowLauncher;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Define a pipeline and print its manifests: the same {@link Pipeline} definition that {@code
 * runEmbedded()} runs in one JVM, rendered as the Argo resources of the reference deployment
 * (EventBus, EventSource, Sensor, the CWL runner and detection WorkflowTemplates) for {@code
 * kubectl apply -f}, and validated against the Argo JSON schemas before printing. The definition
 * here watches Earth Search's Sentinel-2 L2A collection and restricts detection to a lake district
 * in Brandenburg; names not set keep the reference system's defaults.
 *
 * <pre>
 * java -cp examples/target/waterbodies.jar io.waterbodies.examples.PrintPipelineManifests \
 *     ../shared/schemas/argo &gt; pipeline.yaml
 * </pre>
 *
 * <p>Argument (optional): the directory of the Argo JSON schemas (default {@code
 * ../shared/schemas/argo}). Exits with status 1, printing the findings on stderr, when a resource
 * is invalid.
 */
public final class PrintPipelineManifests {
  private PrintPipelineManifests() {}

  /** The pipeline definition: source, AOI, names, cluster settings; the workflow runs detection. */
  public static Pipeline pipeline() {
    return Pipeline.builder()
        .source(
            StacSource.api(
                URI.create("https://earth-search.aws.element84.com/v1"), "sentinel-2-l2a"))
        .workflow(DetectionWorkflowLauncher.defaults())
        .aoi("13.4,52.2,13.8,52.5")
        .epsg("EPSG:4326")
        .cluster("water-bodies", "redis-service", 6379)
        .build();
  }

  /** The manifests of {@link #pipeline()} and their validation findings (empty: valid). */
  public static List<ManifestFinding> validate(PipelineManifests manifests, Path schemas) {
    return manifests.validate(ArgoValidator.create(ArgoSchemas.load(schemas)));
  }

  /** Prints the manifests as multi-document YAML, or the findings when they are invalid. */
  public static void main(String[] args) {
    Path schemas = Path.of(args.length > 0 ? args[0] : "../shared/schemas/argo");
    PipelineManifests manifests = pipeline().manifests();
    List<ManifestFinding> findings = validate(manifests, schemas);
    findings.forEach(f -> System.err.println(f));
    if (findings.stream().anyMatch(ManifestFinding::isError)) {
      System.exit(1);
    }
    System.out.print(manifests.toYaml());
  }
}
