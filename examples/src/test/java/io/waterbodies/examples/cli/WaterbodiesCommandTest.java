package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WaterbodiesCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: waterbodies").contains("stac");
  }

  @Test
  void unknownCommandExitsTwoWithUsage() {
    assertThat(run("no-such-command")).isEqualTo(2);
    // picocli prints either the usage or, when a command name is close, a suggestion.
    assertThat(err.toString())
        .contains("Unmatched argument")
        .containsAnyOf("Usage: waterbodies", "Did you mean: waterbodies");
  }

  @Test
  void missingSubcommandExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required subcommand");
  }

  /** Runs {@code args} on the command line built for them, as {@code main} does. */
  private static String[] runFor(String... args) {
    CommandLine cl = WaterbodiesCommand.newCommandLine(args);
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    cl.setOut(new PrintWriter(o, true));
    cl.setErr(new PrintWriter(e, true));
    return new String[] {Integer.toString(cl.execute(args)), o.toString(), e.toString()};
  }

  @Test
  void commandLineBuiltForOneSubcommandBehavesAsTheFullTree() {
    for (String[] args :
        new String[][] {
          {"detect", "--help"},
          {"detect", "--out"},
          {"detect", "--green", "g.tif", "--out", "o", "--no-such-option"},
          {"bench", "detect", "--help"},
          {"stac", "--help"}
        }) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      int full = run(args);
      String[] slim = runFor(args);
      assertThat(slim[0]).as(String.join(" ", args)).isEqualTo(Integer.toString(full));
      assertThat(slim[1]).as(String.join(" ", args)).isEqualTo(out.toString());
      assertThat(slim[2]).as(String.join(" ", args)).isEqualTo(err.toString());
    }
    assertThat(runFor("detect", "--help")[1]).contains("Usage: waterbodies detect");
    // Anything else gets the whole tree.
    assertThat(runFor("help")[1]).contains("Usage: waterbodies").contains("stac");
    assertThat(runFor("no-such-command")[0]).isEqualTo("2");
  }
}
