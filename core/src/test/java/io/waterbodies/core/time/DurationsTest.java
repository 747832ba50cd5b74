package io.waterbodies.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's time.ParseDuration grammar, Argo's bare seconds, and ISO-8601, in one parser. */
class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "0, PT0S",
    "0s, PT0S",
    "90, PT1M30S",
    "0.5, PT0.5S",
    "500ms, PT0.5S",
    "10s, PT10S",
    "2m, PT2M",
    "1h, PT1H",
    "1h30m, PT1H30M",
    "2m45s, PT2M45S",
    "1.5h, PT1H30M",
    "2.5m, PT2M30S",
    "300us, PT0.0003S",
    "300µs, PT0.0003S",
    "7ns, PT0.000000007S",
    "'  +90s ', PT1M30S",
    "PT2S, PT2S",
    "P1D, PT24H",
    "pt5m, PT5M"
  })
  void parsesEveryForm(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|empty",
        "-5s|negative",
        "-PT5S|negative",
        "5x|unknown unit 'x'",
        "1h30|'30' has no unit",
        "s|a number is missing",
        "1..5s|not a number",
        "PT|not a duration",
        "99999999999999999999h|too long"
      })
  void refusesWithAMessageNamingTheProblem(String text, String message) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
