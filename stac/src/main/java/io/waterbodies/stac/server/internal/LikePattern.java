package io.waterbodies.stac.server.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A CQL2 {@code LIKE} pattern ({@code %} any run of characters, {@code _} one character) matched
 * without a regular expression: the pattern is split at {@code %} into segments, the first and last
 * are anchored at the ends and the others are found leftmost in order. Leftmost placement is always
 * right for such patterns, so nothing is retried and the time is at most the text length times the
 * pattern length, whatever the pattern ({@code %a%a%a%a%b} included).
 */
final class LikePattern {
  private final List<int[]> segments;

  private LikePattern(List<int[]> segments) {
    this.segments = segments;
  }

  /** Parses a pattern. */
  static LikePattern of(String like) {
    List<int[]> segs = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int k = 0; k < like.length(); k++) {
      char c = like.charAt(k);
      if (c == '%') {
        segs.add(cur.codePoints().toArray());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    segs.add(cur.codePoints().toArray());
    // (number of %) + 1 segments; with no % the single segment must match the whole text.
    return new LikePattern(segs);
  }

  /** Whether the whole of {@code text} matches. */
  boolean matches(String text) {
    int[] t = text.codePoints().toArray();
    int n = segments.size();
    if (n == 1) {
      int[] only = segments.get(0);
      return only.length == t.length && at(t, 0, only);
    }
    int[] first = segments.get(0);
    int[] last = segments.get(n - 1);
    if (first.length + last.length > t.length
        || !at(t, 0, first)
        || !at(t, t.length - last.length, last)) {
      return false;
    }
    int pos = first.length;
    int end = t.length - last.length;
    for (int s = 1; s < n - 1; s++) {
      int[] seg = segments.get(s);
      int found = find(t, pos, end, seg);
      if (found < 0) {
        return false;
      }
      pos = found + seg.length;
    }
    return true;
  }

  /** The first index in {@code [from, to - seg.length]} where {@code seg} matches, or -1. */
  private static int find(int[] t, int from, int to, int[] seg) {
    for (int k = from; k + seg.length <= to; k++) {
      if (at(t, k, seg)) {
        return k;
      }
    }
    return -1;
  }

  private static boolean at(int[] t, int k, int[] seg) {
    for (int j = 0; j < seg.length; j++) {
      if (seg[j] != '_' && seg[j] != t[k + j]) {
        return false;
      }
    }
    return true;
  }
}
