package io.waterbodies.examples.cli;

import io.waterbodies.core.json.JsonLimits;
import io.waterbodies.stac.validation.Finding;
import io.waterbodies.stac.validation.StacValidator;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies stac validate FILE...}: validates STAC documents and prints one line per
 * finding, {@code FILE: /pointer: message}. Exit 0 when every file is valid, 1 when any is not (or
 * cannot be read).
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate STAC documents (Item, Catalog, Collection, ItemCollection; STAC 1.0 and 1.1).",
      "Prints one line per finding: FILE: /pointer: message. Structural rules always run;",
      "JSON Schema validation runs when --schemas gives the STAC schema folder.",
      "Exit status: 0 all valid, 1 any invalid or unreadable, 2 bad arguments."
    })
final class StacValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "STAC JSON files.")
  List<Path> files;

  @Option(
      names = "--schemas",
      paramLabel = "DIR|URL",
      description =
          "Folder (or http(s) URL base) with the official STAC schemas laid out as v1.0.0/,"
              + " v1.1.0/, geojson/ (canonical https://schemas.stacspec.org ids are mapped onto it).")
  String schemas;

  @Option(
      names = "--extension-schema",
      paramLabel = "URL=FILE",
      description =
          "Schema file for an extension listed in stac_extensions, e.g."
              + " https://stac-extensions.github.io/eo/v1.1.0/schema.json=eo.json. Repeatable.")
  Map<String, Path> extensionSchemas = Map.of();

  @Option(
      names = "--strict-extensions",
      description = "Treat an extension whose schema was not supplied as an error, not a warning.")
  boolean strictExtensions;

  @Option(names = "--no-warnings", description = "Print errors only.")
  boolean noWarnings;

  @Option(
      names = "--max-bytes",
      paramLabel = "N",
      description = "Largest document accepted, in bytes (default: ${DEFAULT-VALUE}).")
  long maxBytes = JsonLimits.DEFAULT.maxDocumentBytes();

  @Override
  public Integer call() {
    StacValidator.Builder b =
        StacValidator.builder().limits(JsonLimits.DEFAULT.withMaxDocumentBytes(maxBytes));
    if (schemas != null) {
      if (schemas.startsWith("http://") || schemas.startsWith("https://")) {
        b.schemas(URI.create(schemas));
      } else if (Files.isDirectory(Path.of(schemas))) {
        b.schemas(Path.of(schemas));
      } else {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--schemas: not a directory or http(s) URL: " + schemas);
      }
    }
    for (Map.Entry<String, Path> e : extensionSchemas.entrySet()) {
      if (!Files.isRegularFile(e.getValue())) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--extension-schema: no such file: " + e.getValue());
      }
      b.extensionSchema(e.getKey(), e.getValue());
    }
    if (strictExtensions) {
      b.missingExtensionSchema(Finding.Severity.ERROR);
    }
    StacValidator validator = b.build();
    PrintWriter out = spec.commandLine().getOut();
    boolean allValid = true;
    for (Path file : files) {
      List<Finding> findings = validator.validate(file);
      for (Finding f : findings) {
        if (f.isError() || !noWarnings) {
          out.println(file + ": " + f);
        }
      }
      allValid &= Finding.valid(findings);
    }
    out.flush();
    return allValid ? 0 : WaterbodiesCommand.EXIT_FINDINGS;
  }
}
