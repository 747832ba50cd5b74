package io.waterbodies.detection.internal;

import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the zlib stream of a TIFF deflate block into a buffer of the block's decoded size: with
 * libdeflate when {@link LibDeflate} loaded, else with {@link Inflater}. A stream libdeflate does
 * not decode to exactly that size (corrupt, short, or longer than the block) is decoded again by
 * the Inflater, so what a block yields, and how a bad one fails, is the same on both paths. One
 * instance per thread; {@link #close} frees the native decompressor.
 */
final class BlockInflater implements AutoCloseable {
  private long decompressor;
  private Inflater inflater;

  private BlockInflater(long decompressor) {
    this.decompressor = decompressor;
  }

  /** An inflater using libdeflate where available. */
  static BlockInflater open() {
    return open(LibDeflate.available());
  }

  /** An inflater using libdeflate when {@code fast} (and it is available), else Inflater only. */
  static BlockInflater open(boolean fast) {
    return new BlockInflater(fast && LibDeflate.available() ? LibDeflate.alloc() : 0L);
  }

  /** Whether this instance decodes with libdeflate. */
  boolean usesLibDeflate() {
    return decompressor != 0L;
  }

  /**
   * Decodes {@code comp[off..off+len)} into {@code raw[0..need)}.
   *
   * @return the bytes decoded: {@code need}, or fewer when the stream ends early
   * @throws DataFormatException when the stream is not valid zlib data
   */
  int inflate(byte[] comp, int off, int len, byte[] raw, int need) throws DataFormatException {
    Objects.checkFromIndexSize(off, len, comp.length);
    Objects.checkFromIndexSize(0, need, raw.length);
    if (decompressor != 0L
        && LibDeflate.zlibDecompress(decompressor, comp, off, len, raw, need)
            == LibDeflate.SUCCESS) {
      return need;
    }
    if (inflater == null) {
      inflater = new Inflater();
    }
    inflater.reset();
    inflater.setInput(comp, off, len);
    int got = 0;
    while (got < need) {
      int k = inflater.inflate(raw, got, need - got);
      if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
        return got;
      }
      got += k;
    }
    return got;
  }

  @Override
  public void close() {
    if (decompressor != 0L) {
      LibDeflate.free(decompressor);
      decompressor = 0L;
    }
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }
}
