package io.waterbodies.examples.cli;

import io.waterbodies.argo.reference.Bundle;
import io.waterbodies.argo.reference.ReferenceNames;
import io.waterbodies.argo.reference.ReferencePipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies manifests --out DIR}: writes the reference pipeline's deployment bundle
 * ({@link ReferencePipeline#bundle()}), one YAML file per document, and our CWL application as
 * {@value ReferenceNames#CWL_FILE}; prints the files in apply order and the cluster's
 * prerequisites.
 */
@Command(
    name = "manifests",
    mixinStandardHelpOptions = true,
    description =
        "Write the reference event-driven pipeline as one YAML file per resource (service"
            + " accounts and RBAC, EventBus, WorkflowTemplates, EventSource, Sensor, STAC watcher"
            + " Deployment) and the CWL application "
            + ReferenceNames.CWL_FILE
            + "; prints the files in apply order and what the cluster needs first.")
final class ManifestsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace of every resource.")
  String namespace;

  @Option(
      names = "--redis",
      paramLabel = "HOST:PORT",
      description = "Redis as seen from the cluster (default redis-service:6379).")
  String redis;

  @Option(names = "--stream", paramLabel = "NAME", description = "Redis stream (default STREAM).")
  String stream;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "The waterbodies image (default " + ReferencePipeline.DEFAULT_IMAGE + ").")
  String image;

  @Option(
      names = "--stac",
      paramLabel = "URL",
      description =
          "STAC API the watcher searches (default " + ReferencePipeline.DEFAULT_STAC_SOURCE + ").")
  String stac;

  @Option(
      names = "--collections",
      split = ",",
      paramLabel = "ID",
      description =
          "Collections the watcher searches (default "
              + ReferencePipeline.DEFAULT_WATCH_COLLECTION
              + ").")
  List<String> collections;

  @Option(
      names = "--results-api",
      paramLabel = "URL",
      description =
          "STAC API (transactions) receiving the result Items (default "
              + ReferencePipeline.DEFAULT_RESULTS_API
              + ").")
  String resultsApi;

  @Override
  public Integer call() throws IOException {
    ReferencePipeline.Builder b = ReferencePipeline.builder();
    if (namespace != null) {
      b.namespace(namespace);
    }
    if (redis != null) {
      int colon = redis.lastIndexOf(':');
      int port;
      try {
        port = colon > 0 ? Integer.parseInt(redis.substring(colon + 1)) : -1;
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port <= 0 || port > 65535) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--redis must be HOST:PORT, got '" + redis + "'");
      }
      b.redis(redis.substring(0, colon), port);
    }
    if (stream != null) {
      b.stream(stream);
    }
    if (image != null) {
      b.image(image);
    }
    if (stac != null || collections != null) {
      b.watch(
          stac == null ? ReferencePipeline.DEFAULT_STAC_SOURCE : stac,
          collections == null ? List.of(ReferencePipeline.DEFAULT_WATCH_COLLECTION) : collections);
    }
    if (resultsApi != null) {
      b.results(resultsApi, ReferenceNames.RESULT_COLLECTION);
    }
    Bundle bundle = b.build().bundle();
    List<Path> written = bundle.write(out);
    PrintWriter pw = spec.commandLine().getOut();
    bundle
        .cwl()
        .ifPresent(c -> pw.println("CWL application: " + out.resolve(ReferenceNames.CWL_FILE)));
    pw.println("apply in this order (kubectl apply -f FILE):");
    written.forEach(f -> pw.println("  " + f));
    pw.println("prerequisites:");
    bundle.prerequisites().forEach(p -> pw.println("  - " + p));
    pw.flush();
    return 0;
  }
}
