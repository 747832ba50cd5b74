package io.waterbodies.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code waterbodies} command line. Subcommands are registered in {@link #newCommandLine()}.
 * Exit codes: 0 success, 1 the command ran and found a problem (for example invalid documents), 2
 * bad arguments (with a usage message), 3 an unexpected error.
 */
@Command(
    name = "waterbodies",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Event-driven water-body detection from satellite imagery: STAC, events, Argo, detection.",
    subcommands = {
      StacCommand.class,
      EventsCommand.class,
      DetectCommand.class,
      BenchCommand.class,
      ArgoCommand.class,
      ManifestsCommand.class,
      PublishCommand.class,
      DemoCommand.class,
      RunCommand.class,
      CommandLine.HelpCommand.class
    })
public final class WaterbodiesCommand implements Runnable {
  /** Exit code when a command ran but found problems. */
  public static final int EXIT_FINDINGS = 1;

  /** Exit code for an unexpected failure. */
  public static final int EXIT_ERROR = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // With no subcommand, show what there is, and fail like any other usage error.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** A configured command line with every subcommand and the SDK's exception handling. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new WaterbodiesCommand());
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("error: " + ex.getMessage());
          err.flush();
          return EXIT_ERROR;
        });
    cl.setParameterExceptionHandler(WaterbodiesCommand::usageError);
    return cl;
  }

  /**
   * Bad arguments: the problem, picocli's "did you mean" suggestions, and always the usage of the
   * command concerned (picocli's default drops the usage when it has a suggestion).
   */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    cl.usage(err, cl.getColorScheme());
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    JulRouting.install();
    System.exit(newCommandLine().execute(args));
  }
}
