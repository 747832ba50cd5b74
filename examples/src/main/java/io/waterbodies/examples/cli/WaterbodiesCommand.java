package io.waterbodies.examples.cli;

import java.io.PrintWriter;
import java.util.List;
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
    return configure(new CommandLine(new WaterbodiesCommand()));
  }

  /**
   * The command line for these arguments: when the first one names a subcommand (other than {@code
   * help}), a root holding only that subcommand's tree, else {@link #newCommandLine()}. Picocli
   * inspects every command class of a tree by reflection when it is built: the whole tree cost
   * about 0.4 CPU-seconds at start, a tenth of a full-tile {@code detect}. Parsing, usage ({@code
   * Usage: waterbodies detect ...}), errors and exit codes of the named command are the same.
   */
  public static CommandLine newCommandLine(String... args) {
    if (args.length > 0) {
      for (Class<?> c : WaterbodiesCommand.class.getAnnotation(Command.class).subcommands()) {
        Command sub = c.getAnnotation(Command.class);
        if (c != CommandLine.HelpCommand.class && sub != null && sub.name().equals(args[0])) {
          CommandLine root =
              new CommandLine(
                  CommandSpec.wrapWithoutInspection(new WaterbodiesCommand()).name("waterbodies"));
          root.addSubcommand(sub.name(), new CommandLine(c));
          return configure(root);
        }
      }
    }
    return newCommandLine();
  }

  private static CommandLine configure(CommandLine cl) {
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("error: " + ex.getMessage());
          err.flush();
          return EXIT_ERROR;
        });
    cl.setParameterExceptionHandler(WaterbodiesCommand::usageError);
    cl.setExecutionStrategy(
        parseResult -> {
          quietDemo(parseResult);
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cl;
  }

  /**
   * {@code demo} prints its own progress and results: the components' INFO lines (consumers
   * created, workflows finished) would only interleave with them, so without {@code --verbose} only
   * warnings are logged. This takes effect when logging starts after parsing (the command line's
   * own process); a level the user set with {@code -Dorg.slf4j.simpleLogger...} wins.
   */
  private static void quietDemo(CommandLine.ParseResult parseResult) {
    List<CommandLine> chain = parseResult.asCommandLineList();
    Object cmd = chain.get(chain.size() - 1).getCommand();
    String key = "org.slf4j.simpleLogger.log.io.waterbodies";
    if (cmd instanceof DemoCommand d && !d.verbose && System.getProperty(key) == null) {
      System.setProperty(key, "warn");
    }
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
    // A whole-tile detect runs in a child JVM with huge pages (java -jar cannot carry options).
    java.util.OptionalInt tuned = TunedJvm.relaunch(args);
    if (tuned.isPresent()) {
      System.exit(tuned.getAsInt());
    }
    // Apache Derby reads the bundled EPSG dataset and would write derby.log into the working
    // directory; keep its boot messages out of the user's folders.
    if (System.getProperty("derby.stream.error.file") == null
        && System.getProperty("derby.stream.error.field") == null
        && System.getProperty("derby.stream.error.method") == null) {
      System.setProperty(
          "derby.stream.error.file",
          java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "waterbodies-derby.log")
              .toString());
    }
    JulRouting.install();
    System.exit(newCommandLine(args).execute(args));
  }
}
