package io.waterbodies.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code waterbodies} command line: exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {
  /** Runs {@code waterbodies args...} in this JVM and captures both streams. */
  static CliRun run(String... args) {
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
