package io.waterbodies.examples.cli;

import io.waterbodies.argo.validation.ArgoSchemas;
import io.waterbodies.argo.validation.ArgoValidator;
import io.waterbodies.argo.validation.ManifestFinding;
import io.waterbodies.argo.validation.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            + " finding ('warning: ' before warnings), notes for skipped non-Argo documents"
            + " (ConfigMap, Secret, RBAC, ...) and a one-line summary; exit 1 when there is an"
            + " error (or, with --strict, a warning).")
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

  @Option(names = "--strict", description = "Treat warnings as errors.")
  boolean strict;

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
    ValidationReport report = ArgoValidator.create(ArgoSchemas.load(dir)).validateFiles(files);
    if (strict) {
      report = report.strict();
    }
    for (ValidationReport.FileResult file : report.files()) {
      file.notes().forEach(n -> out.println("note: " + n));
      for (ManifestFinding f : file.findings()) {
        boolean readError = f.resource().equals(file.file().toString());
        out.println(
            file.file()
                + ": "
                + (f.pointer().isEmpty() ? "/" : f.pointer())
                + ": "
                + (f.isError() ? "" : "warning: ")
                + f.message()
                + (readError ? "" : " [" + f.resource() + "]"));
      }
    }
    out.println(report.summary());
    out.flush();
    return report.hasErrors() ? WaterbodiesCommand.EXIT_FINDINGS : 0;
  }
}
