package io.waterbodies.events.sensor;

import java.time.LocalTime;

/**
 * Argo's time filter: the event's time of day (UTC) must lie in {@code [start, stop)}; when {@code
 * stop} is before {@code start} the window wraps midnight.
 *
 * @param start the first second of the window, inclusive
 * @param stop the end of the window, exclusive
 */
public record TimeFilter(LocalTime start, LocalTime stop) {}
