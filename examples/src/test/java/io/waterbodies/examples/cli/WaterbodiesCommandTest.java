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
}
