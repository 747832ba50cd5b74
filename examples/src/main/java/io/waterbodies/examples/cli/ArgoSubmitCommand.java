package io.waterbodies.examples.cli;

import io.waterbodies.argo.k8s.ArgoKubernetes;
import io.waterbodies.argo.k8s.WorkflowStatus;
import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.Workflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code waterbodies argo submit FILE [--watch]}: creates Workflows, applies other resources. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description =
        "Submit the resources of FILE to the current kubeconfig context: Workflows are created,"
            + " other Argo resources applied (created or replaced). With --watch, waits for each"
            + " Workflow to complete; exit 1 when one did not succeed.")
final class ArgoSubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "YAML or JSON manifest(s).")
  Path file;

  @Option(names = "--watch", description = "Wait for submitted Workflows to complete.")
  boolean watch;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: context's).")
  String namespace;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file to use.")
  Path kubeconfig;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT1H",
      description = "Longest wait with --watch, ISO-8601 (default PT1H).")
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    var resources = ArgoManifests.read(file);
    ArgoKubernetes.Builder b = ArgoKubernetes.fromKubeconfig();
    if (kubeconfig != null) {
      b.kubeconfig(kubeconfig);
    }
    if (namespace != null) {
      b.namespace(namespace);
    }
    ArgoKubernetes k8s = b.build();
    int code = 0;
    for (ArgoResource r : resources) {
      if (r instanceof Workflow w) {
        Workflow created = k8s.submit(w);
        String name = created.name().orElse("?");
        out.println("created Workflow " + k8s.namespace() + "/" + name);
        if (watch) {
          out.flush();
          WorkflowStatus s = k8s.await(name, timeout);
          out.println(
              "Workflow "
                  + name
                  + ": "
                  + s.phase().orElse("unknown")
                  + s.message().map(m -> " (" + m + ")").orElse(""));
          if (!s.succeeded()) {
            code = WaterbodiesCommand.EXIT_FINDINGS;
          }
        }
      } else {
        ArgoResource applied = k8s.apply(r);
        out.println(
            "applied " + applied.kind() + " " + k8s.namespace() + "/" + applied.displayName());
      }
    }
    out.flush();
    return code;
  }
}
