package io.waterbodies.events.sensor.internal;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * A standard five-field cron expression (minute hour day-of-month month day-of-week, with {@code
 * *}, lists, ranges, steps and month/day names), as Argo's {@code conditionsReset.byTime.cron} uses
 * (robfig/cron's standard parser). Day-of-month and day-of-week combine like cron: when both are
 * restricted, either matches.
 */
public final class CronSchedule {
  private static final Map<String, Integer> NAMES =
      Map.ofEntries(
          Map.entry("JAN", 1),
          Map.entry("FEB", 2),
          Map.entry("MAR", 3),
          Map.entry("APR", 4),
          Map.entry("MAY", 5),
          Map.entry("JUN", 6),
          Map.entry("JUL", 7),
          Map.entry("AUG", 8),
          Map.entry("SEP", 9),
          Map.entry("OCT", 10),
          Map.entry("NOV", 11),
          Map.entry("DEC", 12),
          Map.entry("SUN", 0),
          Map.entry("MON", 1),
          Map.entry("TUE", 2),
          Map.entry("WED", 3),
          Map.entry("THU", 4),
          Map.entry("FRI", 5),
          Map.entry("SAT", 6));
  private static final int SEARCH_MINUTES = 366 * 24 * 60 * 5;

  private final String text;
  private final ZoneId zone;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean anyDay;
  private final boolean anyWeekday;

  private CronSchedule(String text, ZoneId zone, String[] f) {
    this.text = text;
    this.zone = zone;
    this.minutes = field(f[0], 0, 59);
    this.hours = field(f[1], 0, 23);
    this.days = field(f[2], 1, 31);
    this.months = field(f[3], 1, 12);
    BitSet wd = field(f[4], 0, 7);
    if (wd.get(7)) {
      wd.set(0);
    }
    this.weekdays = wd;
    this.anyDay = f[2].startsWith("*") || f[2].equals("?");
    this.anyWeekday = f[4].startsWith("*") || f[4].equals("?");
  }

  /**
   * Parses a cron expression in a time zone.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public static CronSchedule parse(String cron, ZoneId zone) {
    String[] f = cron.trim().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "cron '" + cron + "' must have 5 fields (minute hour day-of-month month day-of-week)");
    }
    return new CronSchedule(cron.trim(), zone, f);
  }

  private static BitSet field(String spec, int min, int max) {
    BitSet b = new BitSet();
    for (String part : spec.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, max, spec);
        range = part.substring(0, slash);
      }
      int lo;
      int hi;
      if (range.equals("*") || range.equals("?")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        lo = number(ends[0], min, max, spec);
        hi = number(ends[1], min, max, spec);
      } else {
        lo = number(range, min, max, spec);
        hi = slash >= 0 ? max : lo;
      }
      if (lo > hi) {
        throw new IllegalArgumentException("cron range '" + range + "' runs backwards");
      }
      for (int i = lo; i <= hi; i += step) {
        b.set(i);
      }
    }
    return b;
  }

  private static int number(String s, int min, int max, String spec) {
    Integer named = NAMES.get(s.toUpperCase(Locale.ROOT));
    int v;
    try {
      v = named != null ? named : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cron field '" + spec + "' holds '" + s + "'", e);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          "cron field '" + spec + "': " + v + " is outside " + min + ".." + max);
    }
    return v;
  }

  private boolean matches(ZonedDateTime t) {
    if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
      return false;
    }
    boolean day = days.get(t.getDayOfMonth());
    boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (anyDay || anyWeekday) {
      return day && weekday;
    }
    return day || weekday;
  }

  /** The last time the schedule fired at or before {@code t}, if any in the last five years. */
  public java.util.Optional<java.time.Instant> previous(java.time.Instant t) {
    ZonedDateTime z = t.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
    for (int i = 0; i < SEARCH_MINUTES; i++, z = z.minusMinutes(1)) {
      if (matches(z)) {
        return java.util.Optional.of(z.toInstant());
      }
    }
    return java.util.Optional.empty();
  }

  /** The next time the schedule fires after {@code t}, if any in the next five years. */
  public java.util.Optional<java.time.Instant> next(java.time.Instant t) {
    ZonedDateTime z = t.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i < SEARCH_MINUTES; i++, z = z.plusMinutes(1)) {
      if (matches(z)) {
        return java.util.Optional.of(z.toInstant());
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public String toString() {
    return text + " (" + zone + ")";
  }
}
