package io.waterbodies.examples.cli;

import java.io.PrintWriter;

/**
 * A progress display for a person: on a terminal one line redrawn in place (carriage return, so the
 * elapsed time ticks without scrolling); elsewhere (a pipe, a log file) a plain line only when the
 * state changed, so the output holds no repeated lines.
 */
final class ProgressLine {
  private final PrintWriter out;
  private final boolean tty;
  private String lastState;
  private int drawn;

  private final int width;

  ProgressLine(PrintWriter out, boolean tty) {
    this(out, tty, columns());
  }

  /** With the terminal's width: a redrawn line longer than that would wrap and scroll. */
  ProgressLine(PrintWriter out, boolean tty, int width) {
    this.out = out;
    this.tty = tty;
    this.width = Math.max(20, width);
  }

  private static int columns() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /**
   * Shows the state; {@code clock} (the elapsed time) is drawn on a terminal every call but does
   * not count as a change.
   */
  void show(String clock, String state) {
    if (tty) {
      String line = clock + " " + state;
      if (line.length() > width - 1) {
        line = line.substring(0, width - 2) + "…";
      }
      StringBuilder b = new StringBuilder("\r").append(line);
      // Blank out what is left of a longer previous line.
      b.append(" ".repeat(Math.max(0, drawn - line.length())));
      out.print(b);
      drawn = line.length();
      out.flush();
    } else if (!state.equals(lastState)) {
      out.println(clock + " " + state);
      out.flush();
    }
    lastState = state;
  }

  /** Ends the redrawn line (a terminal's cursor moves to the next line); idempotent. */
  void finish() {
    if (tty && drawn > 0) {
      out.println();
      out.flush();
      drawn = 0;
    }
  }
}
