package io.waterbodies.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code waterbodies stac ...}: STAC documents and APIs. */
@Command(
    name = "stac",
    mixinStandardHelpOptions = true,
    description = "Read, validate, format, search and serve STAC documents.",
    subcommands = {
      StacValidateCommand.class,
      StacFormatCommand.class,
      StacSearchCommand.class,
      StacServeCommand.class
    })
final class StacCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
