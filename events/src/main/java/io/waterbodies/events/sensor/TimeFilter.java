package io.waterbodies.events.sensor;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Argo's time filter: the event's time of day in {@code zone} (UTC unless {@code timezone} is
 * given) must lie in {@code [start, stop)}; when {@code stop} is before {@code start} the window
 * wraps midnight.
 *
 * @param start the first second of the window, inclusive
 * @param stop the end of the window, exclusive
 * @param zone the time zone of start and stop
 */
public record TimeFilter(LocalTime start, LocalTime stop, ZoneId zone) {}
