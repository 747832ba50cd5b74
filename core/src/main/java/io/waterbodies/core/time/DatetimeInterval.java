package io.waterbodies.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A STAC datetime filter: a single instant, or an interval whose ends may be open ({@code ..}),
 * never both. Partial dates are expanded to the whole period they name: {@code 2017} is the whole
 * year, {@code 2017-06} the whole month, {@code 2017-06-10} the whole day. Everything is rendered
 * in UTC with a {@code Z} suffix, as STAC APIs expect.
 */
public final class DatetimeInterval {
  private static final Pattern YEAR = Pattern.compile("\\d{4}");
  private static final Pattern YEAR_MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;

  private final Instant start;
  private final Instant end;

  private DatetimeInterval(Instant start, Instant end) {
    this.start = start;
    this.end = end;
  }

  /** A single instant. */
  public static DatetimeInterval at(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return new DatetimeInterval(instant, instant);
  }

  /**
   * An interval; an empty end is open.
   *
   * @throws IllegalArgumentException when both ends are open or start is after end
   */
  public static DatetimeInterval between(Optional<Instant> start, Optional<Instant> end) {
    if (start.isEmpty() && end.isEmpty()) {
      throw new IllegalArgumentException("a datetime interval cannot be open at both ends");
    }
    if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
      throw new IllegalArgumentException(
          "datetime interval start " + start.get() + " is after its end " + end.get());
    }
    return new DatetimeInterval(start.orElse(null), end.orElse(null));
  }

  /**
   * Parses {@code instant}, {@code a/b}, {@code ../b} or {@code a/..}, where each side is an RFC
   * 3339 date-time or a partial date ({@code YYYY}, {@code YYYY-MM}, {@code YYYY-MM-DD}).
   *
   * @throws IllegalArgumentException naming the text when it cannot be parsed
   */
  public static DatetimeInterval parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.trim();
    int slash = t.indexOf('/');
    try {
      if (slash < 0) {
        Instant[] range = expand(t);
        return range[0].equals(range[1]) ? at(range[0]) : new DatetimeInterval(range[0], range[1]);
      }
      String a = t.substring(0, slash).trim();
      String b = t.substring(slash + 1).trim();
      Optional<Instant> start = isOpen(a) ? Optional.empty() : Optional.of(expand(a)[0]);
      Optional<Instant> end = isOpen(b) ? Optional.empty() : Optional.of(expand(b)[1]);
      return between(start, end);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid datetime '" + text + "': " + e.getMessage(), e);
    }
  }

  private static boolean isOpen(String side) {
    return side.isEmpty() || side.equals("..");
  }

  /** [first instant, last instant] of a full or partial date. */
  private static Instant[] expand(String s) {
    if (YEAR.matcher(s).matches()) {
      int y = Integer.parseInt(s);
      Instant a = LocalDate.of(y, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant b = LocalDate.of(y + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
      return new Instant[] {a, b.minusMillis(1)};
    }
    if (YEAR_MONTH.matcher(s).matches()) {
      YearMonth ym = YearMonth.parse(s);
      Instant a = ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant b = ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      return new Instant[] {a, b.minusMillis(1)};
    }
    if (DATE.matcher(s).matches()) {
      LocalDate d = LocalDate.parse(s);
      Instant a = d.atStartOfDay(ZoneOffset.UTC).toInstant();
      return new Instant[] {a, a.plus(1, ChronoUnit.DAYS).minusMillis(1)};
    }
    Instant i = Rfc3339.parse(s);
    return new Instant[] {i, i};
  }

  /** The start, empty when open. For an instant, the instant. */
  public Optional<Instant> start() {
    return Optional.ofNullable(start);
  }

  /** The end, empty when open. For an instant, the instant. */
  public Optional<Instant> end() {
    return Optional.ofNullable(end);
  }

  /** True for a single instant. */
  public boolean isInstant() {
    return start != null && start.equals(end);
  }

  /** True when {@code t} lies in the interval, ends included. */
  public boolean contains(Instant t) {
    return (start == null || !t.isBefore(start)) && (end == null || !t.isAfter(end));
  }

  /** True when the interval {@code [a, b]} overlaps this one. */
  public boolean overlaps(Instant a, Instant b) {
    return (start == null || !b.isBefore(start)) && (end == null || !a.isAfter(end));
  }

  /** The STAC API form: {@code 2020-01-01T00:00:00Z}, {@code a/b}, {@code ../b}, {@code a/..}. */
  @Override
  public String toString() {
    if (isInstant()) {
      return UTC.format(start);
    }
    return (start == null ? ".." : UTC.format(start))
        + "/"
        + (end == null ? ".." : UTC.format(end));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatetimeInterval d
        && Objects.equals(start, d.start)
        && Objects.equals(end, d.end);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end);
  }

  /** RFC 3339 parsing shared with the rest of the SDK. */
  public static final class Rfc3339 {
    private static final Pattern RFC3339 =
        Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

    private Rfc3339() {}

    /** True when {@code s} is an RFC 3339 date-time with a valid calendar date and time. */
    public static boolean isValid(String s) {
      try {
        parse(s);
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }

    /**
     * Parses an RFC 3339 date-time ({@code 2020-01-01T00:00:00Z}, offsets, fractions).
     *
     * @throws DateTimeParseException when it is not one, or names an impossible date such as month
     *     13
     */
    public static Instant parse(String s) {
      if (s == null || !RFC3339.matcher(s).matches()) {
        throw new DateTimeParseException("not an RFC 3339 date-time", String.valueOf(s), 0);
      }
      String normal = s.replace(' ', 'T').replace('t', 'T').replace('z', 'Z');
      return OffsetDateTime.parse(normal).toInstant();
    }
  }
}
