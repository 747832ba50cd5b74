package io.waterbodies.detection.internal;

import io.waterbodies.detection.RasterReadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Pixel decoder for the plain, common cases of GeoTIFFs (local or remote): tiles or strips,
 * uncompressed or deflate ({@link Inflater}, zlib as in libtiff), predictor none or horizontal,
 * uint8 / uint16 / int16 / float32, chunky or planar bands.
 *
 * <p>Why it exists: on a 10980 x 10980 Sentinel-2 band, Apache SIS's general read path
 * (GridCoverage per window, then a RenderedImage whose tiles we copy out) cost more than the whole
 * Python reference. This decoder reads each block with one positional read, inflates it with the
 * JDK's zlib and converts it in bulk. Everything else - metadata, CRS, LZW, PackBits,
 * floating-point predictor, other layouts - stays with Apache SIS ({@link SisBandReader} uses this
 * class only when it accepts the file). Parity tests run both paths. Remote files ({@link
 * HttpByteSource}) are decoded only here, with the blocks of a block row fetched in one request.
 *
 * <p>Thread-safe: reads use positional {@link ByteSource} reads and per-call buffers.
 */
public final class PlainTiffDecoder implements AutoCloseable {
  private static final int TILE_WIDTH = 322;
  private static final int TILE_LENGTH = 323;
  private static final int TILE_OFFSETS = 324;
  private static final int TILE_BYTE_COUNTS = 325;
  private static final int STRIP_OFFSETS = 273;
  private static final int STRIP_BYTE_COUNTS = 279;
  private static final int ROWS_PER_STRIP = 278;

  /** Largest byte span read at once for a block row, and the most unused bytes it may include. */
  private static final long MAX_SPAN = 32L << 20;

  private static final long MAX_SPAN_WASTE = 64L << 10;

  private final String location;
  private final ByteSource source;
  private final boolean ownsSource;
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

  private PlainTiffDecoder(TiffDirectory d, int band, ByteSource source, boolean ownsSource) {
    this.location = d.location();
    this.source = source;
    this.ownsSource = ownsSource;
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
      Optional<PlainTiffDecoder> dec = create(d, band, src, true);
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
    return accepts(d, band) ? create(d, band, source, false) : Optional.empty();
  }

  private static Optional<PlainTiffDecoder> create(
      TiffDirectory d, int band, ByteSource src, boolean owns) {
    try {
      PlainTiffDecoder dec = new PlainTiffDecoder(d, band, src, owns);
      int planar = d.get(284) == null ? 1 : (int) d.get(284).longs()[0];
      long expected = (long) dec.blocksAcross * dec.blocksDown * (planar == 2 ? d.bands() : 1);
      if (dec.blockWidth <= 0 || dec.blockHeight <= 0 || dec.offsets.length < expected) {
        return Optional.empty();
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

  /**
   * Reads a window of the band as float32 values, row-major, {@code w * h} long.
   *
   * @throws RasterReadException when a block is truncated or its compressed data is corrupt
   */
  public float[] read(int x, int y, int w, int h) {
    float[] out = new float[w * h];
    int bx0 = x / blockWidth;
    int bx1 = (x + w - 1) / blockWidth;
    int by0 = y / blockHeight;
    int by1 = (y + h - 1) / blockHeight;
    int rowSamples = blockWidth * samplesPerBlockPixel;
    Inflater inflater = deflate ? new Inflater() : null;
    try {
      byte[] raw = new byte[rowSamples * blockHeight * bytesPerSample];
      short[] shorts = bytesPerSample == 2 ? new short[rowSamples * blockHeight] : null;
      float[] floats = bytesPerSample == 4 ? new float[rowSamples * blockHeight] : null;
      for (int by = by0; by <= by1; by++) {
        int rows = Math.min(blockHeight, height - by * blockHeight);
        Span span =
            source.prefersFewReads()
                ? span(blockBase + by * blocksAcross + bx0, blockBase + by * blocksAcross + bx1)
                : null;
        for (int bx = bx0; bx <= bx1; bx++) {
          int idx = blockBase + by * blocksAcross + bx;
          // Strips hold only the image's rows; tiles are always full size.
          int blockRows = blockWidth == width ? rows : blockHeight;
          int need = rowSamples * blockRows * bytesPerSample;
          fill(idx, raw, need, inflater, span);
          int ax = Math.max(x, bx * blockWidth);
          int ay = Math.max(y, by * blockHeight);
          int ex = Math.min(x + w, bx * blockWidth + blockWidth);
          int ey = Math.min(y + h, by * blockHeight + rows);
          int n = ex - ax;
          int sampleCount = rowSamples * blockRows;
          if (bytesPerSample == 1) {
            if (predictor) {
              undoPredictor(raw, blockRows, rowSamples);
            }
            for (int r = ay; r < ey; r++) {
              int src =
                  (r - by * blockHeight) * rowSamples
                      + (ax - bx * blockWidth) * samplesPerBlockPixel
                      + sampleInPixel;
              int dst = (r - y) * w + (ax - x);
              for (int i = 0; i < n; i++) {
                out[dst + i] = raw[src + i * samplesPerBlockPixel] & 0xFF;
              }
            }
          } else if (bytesPerSample == 2) {
            ByteBuffer.wrap(raw, 0, sampleCount * 2)
                .order(order)
                .asShortBuffer()
                .get(shorts, 0, sampleCount);
            if (predictor) {
              undoPredictor(shorts, blockRows, rowSamples);
            }
            boolean signed = format == 2;
            for (int r = ay; r < ey; r++) {
              int src =
                  (r - by * blockHeight) * rowSamples
                      + (ax - bx * blockWidth) * samplesPerBlockPixel
                      + sampleInPixel;
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
            ByteBuffer.wrap(raw, 0, sampleCount * 4)
                .order(order)
                .asFloatBuffer()
                .get(floats, 0, sampleCount);
            for (int r = ay; r < ey; r++) {
              int src =
                  (r - by * blockHeight) * rowSamples
                      + (ax - bx * blockWidth) * samplesPerBlockPixel
                      + sampleInPixel;
              int dst = (r - y) * w + (ax - x);
              for (int i = 0; i < n; i++) {
                out[dst + i] = floats[src + i * samplesPerBlockPixel];
              }
            }
          }
        }
      }
      return out;
    } finally {
      if (inflater != null) {
        inflater.end();
      }
    }
  }

  /** Bytes {@code start ..} of the file, fetched in one read for several blocks. */
  private record Span(long start, byte[] bytes) {
    boolean holds(long off, long count) {
      return off >= start && off + count <= start + bytes.length;
    }
  }

  /**
   * One read for the blocks {@code first..last} of a block row when they lie close together in the
   * file (as in a COG), so a remote window costs one request per block row instead of one per
   * block; null when they are scattered or the span would be large.
   */
  private Span span(int first, int last) {
    if (first == last) {
      return null;
    }
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    long used = 0;
    for (int i = first; i <= last; i++) {
      if (byteCounts[i] == 0) {
        continue;
      }
      lo = Math.min(lo, offsets[i]);
      hi = Math.max(hi, offsets[i] + byteCounts[i]);
      used += byteCounts[i];
    }
    if (used == 0 || hi - lo > MAX_SPAN || hi - lo > used + MAX_SPAN_WASTE) {
      return null;
    }
    byte[] bytes = new byte[(int) (hi - lo)];
    source.read(lo, ByteBuffer.wrap(bytes));
    return new Span(lo, bytes);
  }

  /** Fills {@code raw[0..need)} with the decoded bytes of block {@code idx}. */
  private void fill(int idx, byte[] raw, int need, Inflater inflater, Span span) {
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
    if (span != null && span.holds(off, len)) {
      comp = span.bytes();
      compOff = (int) (off - span.start());
    } else {
      comp = new byte[len];
      compOff = 0;
      source.read(off, ByteBuffer.wrap(comp));
    }
    if (!deflate) {
      System.arraycopy(comp, compOff, raw, 0, need);
      return;
    }
    inflater.reset();
    inflater.setInput(comp, compOff, len);
    try {
      int got = 0;
      while (got < need) {
        int k = inflater.inflate(raw, got, need - got);
        if (k == 0
            && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          throw new RasterReadException(
              "corrupt TIFF: deflate block " + idx + " holds " + got + " bytes, expected " + need,
              location);
        }
        got += k;
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
    if (ownsSource) {
      source.close();
    }
  }
}
