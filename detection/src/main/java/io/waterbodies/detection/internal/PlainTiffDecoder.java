package io.waterbodies.detection.internal;

import io.waterbodies.detection.RasterReadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.DataFormatException;

/**
 * Pixel decoder for the plain, common cases of GeoTIFFs (local or remote): tiles or strips,
 * uncompressed or deflate (zlib as in libtiff, see {@link BlockInflater}), predictor none or
 * horizontal, uint8 / uint16 / int16 / float32, chunky or planar bands.
 *
 * <p>Why it exists: on a 10980 x 10980 Sentinel-2 band, Apache SIS's general read path
 * (GridCoverage per window, then a RenderedImage whose tiles we copy out) cost more than the whole
 * Python reference. This decoder reads each block with one positional read, inflates it with
 * libdeflate (or the JDK's zlib where that is missing) and converts it in bulk. Everything else -
 * metadata, CRS, LZW, PackBits, floating-point predictor, other layouts - stays with Apache SIS
 * ({@link SisBandReader} uses this class only when it accepts the file). Parity tests run both
 * paths. Remote files ({@link HttpByteSource}) are decoded only here: the blocks of a window are
 * fetched with one request per run of neighbouring blocks, and shared through a {@link BlockCache}
 * by the decoders of the other bands of the same file.
 *
 * <p>Thread-safe: reads use positional {@link ByteSource} reads and per-call buffers (the output
 * may be the caller's, see {@link #read(int, int, int, int, float[])}).
 */
public final class PlainTiffDecoder implements AutoCloseable {
  private static final int TILE_WIDTH = 322;
  private static final int TILE_LENGTH = 323;
  private static final int TILE_OFFSETS = 324;
  private static final int TILE_BYTE_COUNTS = 325;
  private static final int STRIP_OFFSETS = 273;
  private static final int STRIP_BYTE_COUNTS = 279;
  private static final int ROWS_PER_STRIP = 278;

  /**
   * Largest byte span read at once (and compressed bytes held per remote read step), and the most
   * unused bytes between blocks a span may include.
   */
  private static final long MAX_SPAN = 32L << 20;

  private static final long MAX_SPAN_WASTE = 64L << 10;

  private final String location;
  private final ByteSource source;
  private final boolean ownsSource;
  private final BlockCache blocks;
  private final ByteOrder order;
  private final int width;
  private final int height;
  private final int blockWidth;
  private final int blockHeight;
  private final int blocksAcross;
  private final int blocksDown;
  private final long[] offsets;
  private final long[] byteCounts;
  private final boolean deflate;
  private final boolean predictor;
  private final int bytesPerSample;
  private final int format;
  private final int samplesPerBlockPixel;
  private final int sampleInPixel;
  private final int blockBase;

  private PlainTiffDecoder(
      TiffDirectory d, int band, ByteSource source, boolean ownsSource, BlockCache blocks) {
    this.location = d.location();
    this.source = source;
    this.ownsSource = ownsSource;
    this.blocks = blocks;
    TiffDirectory.Entry anyEntry = d.get(256);
    this.order = anyEntry.order();
    this.width = d.width();
    this.height = d.height();
    boolean tiled = d.get(TILE_WIDTH) != null;
    if (tiled) {
      blockWidth = (int) d.get(TILE_WIDTH).longs()[0];
      blockHeight = (int) d.get(TILE_LENGTH).longs()[0];
      offsets = d.get(TILE_OFFSETS).longs();
      byteCounts = d.get(TILE_BYTE_COUNTS).longs();
    } else {
      blockWidth = width;
      long rps = d.get(ROWS_PER_STRIP) == null ? height : d.get(ROWS_PER_STRIP).longs()[0];
      blockHeight = (int) Math.min(height, Math.max(1, rps));
      offsets = d.get(STRIP_OFFSETS).longs();
      byteCounts = d.get(STRIP_BYTE_COUNTS).longs();
    }
    blocksAcross = (width + blockWidth - 1) / blockWidth;
    blocksDown = (height + blockHeight - 1) / blockHeight;
    int compression = (int) d.get(259).longs()[0];
    deflate = compression != 1;
    predictor = d.get(317) != null && d.get(317).longs()[0] == 2;
    bytesPerSample = (int) d.get(258).longs()[0] / 8;
    format = d.get(339) == null ? 1 : (int) d.get(339).longs()[0];
    boolean planar = d.get(284) != null && d.get(284).longs()[0] == 2;
    samplesPerBlockPixel = planar ? 1 : d.bands();
    sampleInPixel = planar ? 0 : band;
    blockBase = planar ? band * blocksAcross * blocksDown : 0;
  }

  /**
   * A decoder for a band of the file when it is one of the plain cases, else empty (read with
   * Apache SIS instead).
   */
  public static Optional<PlainTiffDecoder> forFile(Path file, TiffDirectory d, int band) {
    if (!accepts(d, band)) {
      return Optional.empty();
    }
    try {
      FileByteSource src = FileByteSource.open(file);
      Optional<PlainTiffDecoder> dec = create(d, band, src, true, null);
      if (dec.isEmpty()) {
        src.close();
      }
      return dec;
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A decoder reading from {@code source} (which stays the caller's to close) when the band is one
   * of the plain cases, else empty.
   */
  public static Optional<PlainTiffDecoder> forSource(ByteSource source, TiffDirectory d, int band) {
    return accepts(d, band) ? create(d, band, source, false, null) : Optional.empty();
  }

  /**
   * As {@link #forSource(ByteSource, TiffDirectory, int)}, sharing fetched blocks with the other
   * decoders of the same file through {@code blocks} (registered until {@link #close()}).
   */
  public static Optional<PlainTiffDecoder> forSource(
      ByteSource source, TiffDirectory d, int band, BlockCache blocks) {
    java.util.Objects.requireNonNull(blocks, "blocks");
    return accepts(d, band) ? create(d, band, source, false, blocks) : Optional.empty();
  }

  private static Optional<PlainTiffDecoder> create(
      TiffDirectory d, int band, ByteSource src, boolean owns, BlockCache blocks) {
    try {
      PlainTiffDecoder dec = new PlainTiffDecoder(d, band, src, owns, blocks);
      int planar = d.get(284) == null ? 1 : (int) d.get(284).longs()[0];
      long expected = (long) dec.blocksAcross * dec.blocksDown * (planar == 2 ? d.bands() : 1);
      if (dec.blockWidth <= 0 || dec.blockHeight <= 0 || dec.offsets.length < expected) {
        return Optional.empty();
      }
      if (blocks != null) {
        blocks.register();
      }
      return Optional.of(dec);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean accepts(TiffDirectory d, int band) {
    TiffDirectory.Entry comp = d.get(259);
    int compression = comp == null ? 1 : (int) comp.longs()[0];
    if (compression != 1 && compression != 8 && compression != 32946) {
      return false;
    }
    TiffDirectory.Entry bits = d.get(258);
    if (bits == null || comp == null) {
      return false;
    }
    long[] b = bits.longs();
    for (long x : b) {
      if (x != b[0]) {
        return false;
      }
    }
    int format = d.get(339) == null ? 1 : (int) d.get(339).longs()[0];
    int pred = d.get(317) == null ? 1 : (int) d.get(317).longs()[0];
    boolean typeOk =
        (format == 1 && (b[0] == 8 || b[0] == 16))
            || (format == 2 && b[0] == 16)
            || (format == 3 && b[0] == 32);
    boolean predOk = pred == 1 || (pred == 2 && format != 3);
    boolean layoutOk =
        (d.get(TILE_WIDTH) != null
                && d.get(TILE_LENGTH) != null
                && d.get(TILE_OFFSETS) != null
                && d.get(TILE_BYTE_COUNTS) != null)
            || (d.get(TILE_WIDTH) == null
                && d.get(STRIP_OFFSETS) != null
                && d.get(STRIP_BYTE_COUNTS) != null);
    int planar = d.get(284) == null ? 1 : (int) d.get(284).longs()[0];
    return typeOk && predOk && layoutOk && (planar == 1 || planar == 2) && band < d.bands();
  }

  /** The height in rows of the file's blocks (tiles, or strips). */
  public int blockHeight() {
    return blockHeight;
  }

  /**
   * Reads a window of the band as float32 values, row-major, {@code w * h} long.
   *
   * @throws RasterReadException when a block is truncated or its compressed data is corrupt
   */
  public float[] read(int x, int y, int w, int h) {
    return read(x, y, w, h, new float[w * h]);
  }

  /**
   * Reads a window of the band into {@code out[0..w*h)}, row-major, and returns {@code out} (a
   * caller reading strip after strip reuses its buffers instead of allocating one per strip).
   *
   * @throws RasterReadException when a block is truncated or its compressed data is corrupt
   */
  public float[] read(int x, int y, int w, int h, float[] out) {
    int bx0 = x / blockWidth;
    int bx1 = (x + w - 1) / blockWidth;
    int by0 = y / blockHeight;
    int by1 = (y + h - 1) / blockHeight;
    BlockInflater inflater = deflate ? BlockInflater.open() : null;
    try {
      Work work = new Work(out, x, y, w, h, inflater);
      if (!source.prefersFewReads()) {
        // Local: one positional read per block; the OS page cache makes more cleverness moot.
        for (int by = by0; by <= by1; by++) {
          for (int bx = bx0; bx <= bx1; bx++) {
            decode(work, bx, by, null, 0);
          }
        }
        return out;
      }
      // Remote: the blocks of as many block rows as fit in MAX_SPAN are fetched together (one
      // request per run of neighbouring blocks, see fetch), then decoded.
      for (int by = by0; by <= by1; ) {
        long sum = 0;
        int last = by;
        while (last <= by1) {
          long row = 0;
          for (int bx = bx0; bx <= bx1; bx++) {
            row += byteCounts[blockBase + last * blocksAcross + bx];
          }
          if (last > by && sum + row > MAX_SPAN) {
            break;
          }
          sum += row;
          last++;
        }
        decodeRows(work, by, last - 1, bx0, bx1);
        by = last;
      }
      return out;
    } finally {
      if (inflater != null) {
        inflater.close();
      }
    }
  }

  /** The output window and the per-call buffers a read decodes blocks into. */
  private final class Work {
    final float[] out;
    final int x;
    final int y;
    final int w;
    final int h;
    final BlockInflater inflater;
    final byte[] raw;
    final short[] shorts;
    final float[] floats;

    /** Compressed bytes of the block being decoded (local reads), grown as needed. */
    byte[] comp = new byte[0];

    Work(float[] out, int x, int y, int w, int h, BlockInflater inflater) {
      this.out = out;
      this.x = x;
      this.y = y;
      this.w = w;
      this.h = h;
      this.inflater = inflater;
      int samples = blockWidth * samplesPerBlockPixel * blockHeight;
      this.raw = new byte[samples * bytesPerSample];
      this.shorts = bytesPerSample == 2 ? new short[samples] : null;
      this.floats = bytesPerSample == 4 ? new float[samples] : null;
    }
  }

  /**
   * Fetches the blocks of block rows {@code by0..by1}, columns {@code bx0..bx1} (each once, shared
   * with the file's other band readers through the block cache) and decodes them.
   */
  private void decodeRows(Work work, int by0, int by1, int bx0, int bx1) {
    // Unique non-empty blocks sorted by file offset; a block shared by several tiles (writers may
    // point identical tiles at one copy) is fetched once, at its largest declared size.
    java.util.TreeMap<Long, Long> wanted = new java.util.TreeMap<>();
    for (int by = by0; by <= by1; by++) {
      for (int bx = bx0; bx <= bx1; bx++) {
        int idx = blockBase + by * blocksAcross + bx;
        long count = byteCounts[idx];
        if (count > Integer.MAX_VALUE) {
          throw new RasterReadException(
              "corrupt TIFF: block " + idx + " has " + count + " bytes", location);
        }
        if (count > 0) {
          wanted.merge(offsets[idx], count, Math::max);
        }
      }
    }
    long[] offs = new long[wanted.size()];
    int[] counts = new int[wanted.size()];
    int k = 0;
    for (java.util.Map.Entry<Long, Long> e : wanted.entrySet()) {
      offs[k] = e.getKey();
      counts[k++] = (int) (long) e.getValue();
    }
    byte[][] data =
        blocks == null ? fetchDirect(offs, counts) : blocks.get(offs, counts, this::fetch);
    for (int by = by0; by <= by1; by++) {
      for (int bx = bx0; bx <= bx1; bx++) {
        int idx = blockBase + by * blocksAcross + bx;
        byte[] comp =
            byteCounts[idx] == 0 ? null : data[java.util.Arrays.binarySearch(offs, offsets[idx])];
        decode(work, bx, by, comp, 0);
      }
    }
  }

  private byte[][] fetchDirect(long[] offs, int[] counts) {
    byte[][] out = new byte[offs.length][];
    fetch(offs, counts, out);
    return out;
  }

  /**
   * Fetches blocks (sorted by offset) with one read per run of blocks that lie close together (as
   * the blocks of a COG block row do), so a remote window costs about one request per block row; a
   * run ends at a gap larger than {@link #MAX_SPAN_WASTE} or at {@link #MAX_SPAN} bytes.
   */
  private void fetch(long[] offs, int[] counts, byte[][] out) {
    int i = 0;
    while (i < offs.length) {
      long lo = offs[i];
      long hi = lo + counts[i];
      long waste = 0;
      int j = i + 1;
      while (j < offs.length) {
        long gap = Math.max(0, offs[j] - hi);
        long end = Math.max(hi, offs[j] + counts[j]);
        if (waste + gap > MAX_SPAN_WASTE || end - lo > MAX_SPAN) {
          break;
        }
        waste += gap;
        hi = end;
        j++;
      }
      byte[] span = new byte[(int) (hi - lo)];
      source.readDirect(lo, ByteBuffer.wrap(span));
      for (int k = i; k < j; k++) {
        int from = (int) (offs[k] - lo);
        out[k] = j - i == 1 ? span : java.util.Arrays.copyOfRange(span, from, from + counts[k]);
      }
      i = j;
    }
  }

  /**
   * Decodes block ({@code bx}, {@code by}) into the window: from {@code comp[compOff..]} when
   * given, else read from the source.
   */
  private void decode(Work work, int bx, int by, byte[] comp, int compOff) {
    int x = work.x;
    int y = work.y;
    int w = work.w;
    int h = work.h;
    float[] out = work.out;
    byte[] raw = work.raw;
    int rowSamples = blockWidth * samplesPerBlockPixel;
    int rows = Math.min(blockHeight, height - by * blockHeight);
    int idx = blockBase + by * blocksAcross + bx;
    // Strips hold only the image's rows; tiles are always full size.
    int blockRows = blockWidth == width ? rows : blockHeight;
    int need = rowSamples * blockRows * bytesPerSample;
    fill(work, idx, need, comp, compOff);
    int ax = Math.max(x, bx * blockWidth);
    int ay = Math.max(y, by * blockHeight);
    int ex = Math.min(x + w, bx * blockWidth + blockWidth);
    int ey = Math.min(y + h, by * blockHeight + rows);
    int n = ex - ax;
    int sampleCount = rowSamples * blockRows;
    // Window column ax, row r is block sample (r - blockY) * rowSamples + srcX.
    int blockY = by * blockHeight;
    int srcX = (ax - bx * blockWidth) * samplesPerBlockPixel + sampleInPixel;
    if (bytesPerSample == 1) {
      if (predictor) {
        undoPredictor(raw, blockRows, rowSamples);
      }
      for (int r = ay; r < ey; r++) {
        int src = (r - blockY) * rowSamples + srcX;
        int dst = (r - y) * w + (ax - x);
        for (int i = 0; i < n; i++) {
          out[dst + i] = raw[src + i * samplesPerBlockPixel] & 0xFF;
        }
      }
    } else if (bytesPerSample == 2) {
      short[] shorts = work.shorts;
      ByteBuffer.wrap(raw, 0, sampleCount * 2)
          .order(order)
          .asShortBuffer()
          .get(shorts, 0, sampleCount);
      if (predictor) {
        undoPredictor(shorts, blockRows, rowSamples);
      }
      boolean signed = format == 2;
      for (int r = ay; r < ey; r++) {
        int src = (r - blockY) * rowSamples + srcX;
        int dst = (r - y) * w + (ax - x);
        if (signed) {
          for (int i = 0; i < n; i++) {
            out[dst + i] = shorts[src + i * samplesPerBlockPixel];
          }
        } else {
          for (int i = 0; i < n; i++) {
            out[dst + i] = shorts[src + i * samplesPerBlockPixel] & 0xFFFF;
          }
        }
      }
    } else {
      float[] floats = work.floats;
      ByteBuffer.wrap(raw, 0, sampleCount * 4)
          .order(order)
          .asFloatBuffer()
          .get(floats, 0, sampleCount);
      for (int r = ay; r < ey; r++) {
        int src = (r - blockY) * rowSamples + srcX;
        int dst = (r - y) * w + (ax - x);
        for (int i = 0; i < n; i++) {
          out[dst + i] = floats[src + i * samplesPerBlockPixel];
        }
      }
    }
  }

  /**
   * Fills {@code raw[0..need)} with the decoded bytes of block {@code idx}, from {@code comp} when
   * the caller fetched it, else with a positional read.
   */
  private void fill(Work work, int idx, int need, byte[] given, int givenOff) {
    byte[] raw = work.raw;
    long off = offsets[idx];
    long count = byteCounts[idx];
    if (count == 0) {
      // A sparse block (GDAL writes none for empty tiles): zeros, as GDAL reads it.
      java.util.Arrays.fill(raw, 0, need, (byte) 0);
      return;
    }
    if (count > Integer.MAX_VALUE || (!deflate && count < need)) {
      throw new RasterReadException(
          "corrupt TIFF: block " + idx + " has " + count + " bytes, expected " + need, location);
    }
    int len = deflate ? (int) count : need;
    byte[] comp;
    int compOff;
    if (given != null) {
      comp = given;
      compOff = givenOff;
    } else {
      if (work.comp.length < len) {
        work.comp = new byte[len];
      }
      comp = work.comp;
      compOff = 0;
      source.read(off, ByteBuffer.wrap(comp, 0, len));
    }
    if (!deflate) {
      System.arraycopy(comp, compOff, raw, 0, need);
      return;
    }
    try {
      int got = work.inflater.inflate(comp, compOff, len, raw, need);
      if (got < need) {
        throw new RasterReadException(
            "corrupt TIFF: deflate block " + idx + " holds " + got + " bytes, expected " + need,
            location);
      }
    } catch (DataFormatException e) {
      throw new RasterReadException(
          "corrupt TIFF: deflate block " + idx + " cannot be decoded: " + e.getMessage(),
          location,
          e);
    }
  }

  private void undoPredictor(byte[] v, int rows, int rowSamples) {
    int s = samplesPerBlockPixel;
    for (int r = 0; r < rows; r++) {
      int base = r * rowSamples;
      for (int i = base + s; i < base + rowSamples; i++) {
        v[i] = (byte) (v[i] + v[i - s]);
      }
    }
  }

  private void undoPredictor(short[] v, int rows, int rowSamples) {
    int s = samplesPerBlockPixel;
    for (int r = 0; r < rows; r++) {
      int base = r * rowSamples;
      for (int i = base + s; i < base + rowSamples; i++) {
        v[i] = (short) (v[i] + v[i - s]);
      }
    }
  }

  @Override
  public void close() {
    if (blocks != null) {
      blocks.unregister();
    }
    if (ownsSource) {
      source.close();
    }
  }
}
