package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The demo's progress display: redrawn in place on a terminal, changes only elsewhere. */
class ProgressLineTest {
  @Test
  void plainOutputHasALineOnlyWhenTheStateChanged() {
    StringWriter w = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(w, true), false);
    p.show("[  1.0 s]", "0/2 done");
    p.show("[  2.0 s]", "0/2 done");
    p.show("[  3.0 s]", "1/2 done");
    p.show("[  4.0 s]", "1/2 done");
    p.finish();
    assertThat(w.toString().lines().toList())
        .containsExactly("[  1.0 s] 0/2 done", "[  3.0 s] 1/2 done");
    assertThat(w.toString()).doesNotContain("\r");
  }

  @Test
  void aTerminalLineIsRedrawnInPlaceAndEndedOnce() {
    StringWriter w = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(w, true), true, 80);
    p.show("[  1.0 s]", "0/2 done: a longer state");
    p.show("[  2.0 s]", "0/2 done");
    p.finish();
    p.finish();
    String s = w.toString();
    assertThat(s).startsWith("\r[  1.0 s] 0/2 done: a longer state");
    // The shorter line blanks what is left of the longer one, then one newline ends it.
    assertThat(s).contains("\r[  2.0 s] 0/2 done" + " ".repeat(16));
    assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }

  @Test
  void aTerminalLineNeverWraps() {
    StringWriter w = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(w, true), true, 40);
    p.show("[  1.0 s]", "x".repeat(100));
    assertThat(w.toString()).hasSize(1 + 39).endsWith("…");
  }
}
