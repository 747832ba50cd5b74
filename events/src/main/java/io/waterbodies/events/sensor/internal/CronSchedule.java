package io.waterbodies.events.sensor.internal;

import io.waterbodies.events.sensor.SensorSpecException;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A standard five-field cron schedule (minute hour day-of-month month day-of-week) as Argo's
 * {@code conditionsReset.byTime.cron} takes it (robfig/cron's standard parser): {@code *}, lists,
 * ranges, steps, month and weekday names, and the {@code @yearly @monthly @weekly @daily
 * @midnight @hourly} descriptors.
 */
public final class CronSchedule {
  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean dayStar;
  private final boolean weekdayStar;

  private CronSchedule(String text, String[] f) {
    this.text = text;
    minutes = field(f[0], 0, 59, List.of());
    hours = field(f[1], 0, 23, List.of());
    days = field(f[2], 1, 31, List.of());
    months = field(f[3], 1, 12, MONTHS);
    weekdays = field(f[4], 0, 7, DAYS);
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    dayStar = f[2].startsWith("*") || f[2].equals("?");
    weekdayStar = f[4].startsWith("*") || f[4].equals("?");
  }

  /**
   * Parses a schedule.
   *
   * @throws SensorSpecException naming {@code location} and {@code pointer} when it is invalid
   */
  public static CronSchedule parse(String cron, String location, String pointer) {
    String c = DESCRIPTORS.getOrDefault(cron.trim(), cron.trim());
    String[] f = c.split("\\s+");
    if (f.length != 5) {
      throw new SensorSpecException(
          "cron '" + cron + "' must have five fields (minute hour day month weekday)",
          location,
          pointer,
          null);
    }
    try {
      return new CronSchedule(cron, f);
    } catch (IllegalArgumentException e) {
      throw new SensorSpecException("cron '" + cron + "': " + e.getMessage(), location, pointer, e);
    }
  }

  private static BitSet field(String spec, int min, int max, List<String> names) {
    BitSet out = new BitSet();
    for (String part : spec.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), List.of(), 0);
        range = part.substring(0, slash);
        if (step < 1) {
          throw new IllegalArgumentException("step must be positive in '" + part + "'");
        }
      }
      int lo;
      int hi;
      if (range.equals("*") || range.equals("?")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        String[] ab = range.split("-", 2);
        lo = number(ab[0], names, min);
        hi = number(ab[1], names, min);
      } else {
        lo = number(range, names, min);
        hi = slash >= 0 ? max : lo;
      }
      if (lo < min || hi > max || lo > hi) {
        throw new IllegalArgumentException("'" + part + "' is outside " + min + "-" + max);
      }
      for (int v = lo; v <= hi; v += step) {
        out.set(v);
      }
    }
    return out;
  }

  private static int number(String s, List<String> names, int base) {
    int i = names.indexOf(s.toUpperCase(Locale.ROOT));
    if (i >= 0) {
      return i + (names.size() == 12 ? 1 : 0);
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a number", e);
    }
  }

  /** The first matching minute strictly after {@code after} (in its zone). */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = t.plusYears(5);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue()) || !dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        continue;
      }
      if (minutes.get(t.getMinute())) {
        return t;
      }
      t = t.plusMinutes(1);
    }
    throw new IllegalStateException("cron '" + text + "' never matches");
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = days.get(t.getDayOfMonth());
    boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (dayStar || weekdayStar) {
      return dom && dow;
    }
    return dom || dow;
  }

  @Override
  public String toString() {
    return text;
  }
}
