package io.waterbodies.events.source;

/** Redis stream entry ids ({@code <ms>-<seq>}): parsed, compared, and the next possible one. */
final class StreamIds {
  private StreamIds() {}

  /** One id. */
  record Id(long ms, long seq) implements Comparable<Id> {
    /** The smallest id after this one. */
    Id next() {
      return seq == Long.MAX_VALUE ? new Id(ms + 1, 0) : new Id(ms, seq + 1);
    }

    @Override
    public int compareTo(Id o) {
      int c = Long.compareUnsigned(ms, o.ms);
      return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    @Override
    public String toString() {
      return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }
  }

  /** Parses {@code <ms>-<seq>} or {@code <ms>}; anything else is {@code 0-0}. */
  static Id parse(String id) {
    try {
      int dash = id.indexOf('-');
      return dash < 0
          ? new Id(Long.parseUnsignedLong(id), 0)
          : new Id(
              Long.parseUnsignedLong(id.substring(0, dash)),
              Long.parseUnsignedLong(id.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return new Id(0, 0);
    }
  }
}
