package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code bench events} prints every figure next to its ceiling and goal (no timing asserted). */
class BenchEventsCommandTest {
  @Test
  void printsTheSensorAndTheLatencyAgainstTheirCeilingsAndGoals() {
    CliRun r =
        CliRun.run(
            "bench",
            "events",
            "--events",
            "300",
            "--rate",
            "200",
            "--latency-seconds",
            "1",
            "--latency-warmup",
            "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern("load [0-9.]+ [0-9.]+ [0-9.]+")
        .containsPattern("sensor .*cold JVM\\): [0-9]+ events/s")
        .containsPattern("sensor .*run 3\\): [0-9]+ events/s")
        .containsPattern(
            "sensor \\(filters, mapping, claim, trigger, record, ack\\): [0-9]+ events/s warm"
                + " \\([0-9]+ cold\\) - goal >= 10,000 events/s: (met|NOT met)")
        .containsPattern("= ([0-9]+ %|n/a) of jnats publishAsync")
        .containsPattern(
            "XADD -> trigger at 200 events/s: p50 [0-9.]+ ms, p99 [0-9.]+ ms, max [0-9.]+ ms"
                + " - goal p99 <= 10 ms: (met|NOT met)")
        .containsPattern(
            "floor: JetStream publish round trips one at a time at 200/s for 1 s after 1 s of"
                + " warm-up: p50 [0-9.]+ ms, p99 [0-9.]+ ms")
        .containsPattern("XADD -> trigger p99 = ([0-9.]+ x|n/a) the floor's")
        .containsPattern("stamped -> trigger \\(bus, sensor\\): p50 [0-9.]+ ms")
        // The warm-up's 200 events are not measured: the run counts only its own second.
        .containsPattern(
            "latency XADD -> trigger at 200 events/s for 1 s after 1 s of warm-up \\(200 events\\)");
  }
}
