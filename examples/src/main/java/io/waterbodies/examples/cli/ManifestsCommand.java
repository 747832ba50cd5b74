package io.waterbodies.examples.cli;

import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.reference.ReferencePipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies manifests --out DIR}: writes the reference pipeline, one file per resource.
 */
@Command(
    name = "manifests",
    mixinStandardHelpOptions = true,
    description =
        "Write the reference event-driven pipeline (EventBus, EventSource, Sensor and two"
            + " WorkflowTemplates) as one YAML file per resource.")
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
    Files.createDirectories(out);
    PrintWriter pw = spec.commandLine().getOut();
    for (ArgoResource r : b.build().resources()) {
      String file = r.kind().toLowerCase(Locale.ROOT) + "-" + r.displayName() + ".yaml";
      Path target = out.resolve(file);
      Files.writeString(target, ArgoManifests.toYaml(r), StandardCharsets.UTF_8);
      pw.println(target);
    }
    pw.flush();
    return 0;
  }
}
