package io.waterbodies.examples.cli;

import io.waterbodies.argo.manifest.ArgoManifests;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.validation.ArgoSchemas;
import io.waterbodies.argo.validation.ArgoValidator;
import io.waterbodies.argo.validation.Finding;
import io.waterbodies.core.WaterbodiesException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code waterbodies argo validate FILE...}: schema, strict and semantic checks of manifests. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Validate Argo manifests (YAML or JSON, multi-document allowed) against the Argo JSON"
            + " schemas plus strict and semantic checks. Prints 'FILE: /pointer: message' per"
            + " finding; exit 1 when there is any.")
final class ArgoValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Manifests to validate.")
  List<Path> files;

  @Option(
      names = "--schemas",
      paramLabel = "DIR",
      description =
          "Folder with argo-workflows-*.schema.json and argo-events-*.schema.json"
              + " (default: ../shared/schemas/argo from the working directory).")
  Path schemas;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = schemas != null ? schemas : Path.of("..", "shared", "schemas", "argo");
    if (!Files.isDirectory(dir)) {
      err.println(
          "error: Argo schema folder not found: "
              + dir.toAbsolutePath().normalize()
              + (schemas == null ? " (pass --schemas DIR)" : ""));
      err.flush();
      return WaterbodiesCommand.EXIT_ERROR;
    }
    ArgoValidator validator = ArgoValidator.create(ArgoSchemas.load(dir));
    Map<ArgoResource, Path> origin = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        for (ArgoResource r : ArgoManifests.read(f)) {
          origin.put(r, f);
        }
      } catch (WaterbodiesException e) {
        problems.add(
            f
                + ": "
                + e.pointer().orElse("")
                + (e.pointer().isPresent() ? ": " : "")
                + e.getMessage());
      } catch (java.io.UncheckedIOException e) {
        problems.add(f + ": cannot read: " + e.getCause().getMessage());
      }
    }
    List<ArgoResource> all = new ArrayList<>(origin.keySet());
    for (Finding finding : validator.validate(all)) {
      Path file = fileOf(finding, origin);
      problems.add(
          file
              + ": "
              + (finding.pointer().isEmpty() ? "/" : finding.pointer())
              + ": "
              + finding.message()
              + " ["
              + finding.resource()
              + "]");
    }
    problems.forEach(out::println);
    out.flush();
    return problems.isEmpty() ? 0 : WaterbodiesCommand.EXIT_FINDINGS;
  }

  private static Path fileOf(Finding finding, Map<ArgoResource, Path> origin) {
    for (Map.Entry<ArgoResource, Path> e : origin.entrySet()) {
      if ((e.getKey().kind() + "/" + e.getKey().displayName()).equals(finding.resource())) {
        return e.getValue();
      }
    }
    return Path.of("?");
  }
}
