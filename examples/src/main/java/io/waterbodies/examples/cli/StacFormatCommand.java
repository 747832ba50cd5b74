package io.waterbodies.examples.cli;

import io.waterbodies.stac.StacException;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.io.StacWriter;
import io.waterbodies.stac.model.StacDocument;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waterbodies stac format FILE}: reads a STAC document into the model and prints it as the
 * model writes it (pretty by default), every field kept.
 */
@Command(
    name = "format",
    mixinStandardHelpOptions = true,
    description = {
      "Print a STAC document as the SDK's model writes it (all fields kept).",
      "Exit status: 0 printed, 1 the file is unreadable or not usable STAC, 2 bad arguments."
    })
final class StacFormatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A STAC JSON file.")
  Path file;

  @Option(names = "--compact", description = "One line, no whitespace.")
  boolean compact;

  @Override
  public Integer call() {
    StacDocument doc;
    try {
      doc = StacReader.create().read(file);
    } catch (StacException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: " + e.getMessage());
      err.flush();
      return WaterbodiesCommand.EXIT_FINDINGS;
    }
    PrintWriter out = spec.commandLine().getOut();
    (compact ? StacWriter.compact() : StacWriter.pretty()).write(doc, out);
    out.println();
    out.flush();
    return 0;
  }
}
