package io.waterbodies.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code waterbodies argo ...}: validate Argo manifests and submit them to Kubernetes. */
@Command(
    name = "argo",
    mixinStandardHelpOptions = true,
    description = "Validate Argo Workflows / Argo Events manifests and submit them to Kubernetes.",
    subcommands = {ArgoValidateCommand.class, ArgoSubmitCommand.class})
final class ArgoCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
