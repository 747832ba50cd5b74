package io.waterbodies.core.time;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses durations as Argo and Go write them, in one grammar for every place the SDK reads one
 * (pipeline YAML, command-line options, workflow retry back-offs): Go's {@code time.ParseDuration}
 * ({@code 300ms}, {@code 1.5h}, {@code 1h30m}, {@code 2m45s}; units {@code ns}, {@code us} or
 * {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), a bare number meaning seconds as in
 * Argo's {@code backoff.duration} ({@code 90}, {@code 0.5}), and ISO-8601 ({@code PT2S}, {@code
 * P1D}). Negative durations are refused.
 */
public final class Durations {
  private Durations() {}

  /** The grammar in a few words, for error messages. */
  public static final String EXAMPLES = "e.g. 500ms, 90s, 1h30m, 2.5m, 90 (seconds) or PT2S";

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an empty duration; " + EXAMPLES);
    }
    String s = text.trim();
    if (s.startsWith("-")) {
      throw new IllegalArgumentException("'" + text + "' is negative; " + EXAMPLES);
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw new IllegalArgumentException("'" + text + "' is negative; " + EXAMPLES);
        }
        return d;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not a duration; " + EXAMPLES, e);
      }
    }
    if (s.startsWith("+")) {
      s = s.substring(1);
    }
    try {
      return go(s);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (" + e.getMessage() + "); " + EXAMPLES, e);
    }
  }

  private static Duration go(String s) {
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    boolean bare = true;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("a number is missing at '" + s.substring(start) + "'");
      }
      BigDecimal number;
      try {
        number = new BigDecimal(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s.substring(start, i) + "' is not a number");
      }
      int u = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(u, i);
      if (unit.isEmpty()) {
        if (start != 0 || i != s.length()) {
          throw new IllegalArgumentException("'" + number + "' has no unit");
        }
        // A bare number: seconds, as Argo reads backoff durations.
        return ofNanos(number.movePointRight(9));
      }
      bare = false;
      nanos = nanos.add(number.multiply(BigDecimal.valueOf(unitNanos(unit))));
    }
    if (bare) {
      throw new IllegalArgumentException("nothing to read");
    }
    return ofNanos(nanos);
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default ->
          throw new IllegalArgumentException("unknown unit '" + unit + "' (ns, us, ms, s, m or h)");
    };
  }

  private static Duration ofNanos(BigDecimal nanos) {
    BigDecimal[] sn =
        nanos
            .setScale(0, java.math.RoundingMode.DOWN)
            .divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
    return Duration.ofSeconds(sn[0].longValueExact(), sn[1].longValueExact());
  }
}
