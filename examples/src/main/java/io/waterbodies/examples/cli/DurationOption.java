package io.waterbodies.examples.cli;

import io.waterbodies.core.time.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A duration given on the command line, in the Go/Argo grammar; a bad one is a usage error. */
final class DurationOption {
  private DurationOption() {}

  /**
   * Parses {@code value} of {@code option}.
   *
   * @throws CommandLine.ParameterException naming the option (exit code 2)
   */
  static Duration parse(CommandSpec spec, String option, String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  /** As {@link #parse}, and the duration must be longer than zero. */
  static Duration positive(CommandSpec spec, String option, String value) {
    Duration d = parse(spec, option, value);
    if (d.isZero() || d.isNegative()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + ": must be positive, found '" + value + "'");
    }
    return d;
  }
}
