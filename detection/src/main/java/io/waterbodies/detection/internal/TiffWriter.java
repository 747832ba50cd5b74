package io.waterbodies.detection.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.zip.Deflater;

/**
 * Writes a single-band uint8 or uint16 GeoTIFF: tiled 256 x 256, deflate (zlib; level 1 for uint8
 * masks, the default level for uint16 rasters), a GDAL_NODATA tag, and GeoTIFF tags copied through
 * unchanged so the CRS and geotransform survive exactly. Partial edge tiles are padded with the
 * nodata value. Tiles are compressed in parallel. Layout: header, tiles, then the directory and its
 * values. Used for masks and for synthetic input scenes.
 */
public final class TiffWriter {
  private static final int TILE = 256;

  /**
   * Deflate level of masks: 1, not zlib's default 6. On a full Sentinel-2 mask level 6 spent about
   * 0.65 CPU-seconds for a 211 KB file, level 1 0.25 for 636 KB: a mask compresses several hundred
   * times either way, and the time is a tenth of the whole detection.
   */
  static final int MASK_LEVEL = 1;

  private TiffWriter() {}

  /** Writes uint8 {@code pixels} (row-major, grid.width() x grid.height()) to {@code file}. */
  public static void writeUint8(Path file, byte[] pixels, GeoGrid grid, int nodata)
      throws IOException {
    checkLength(pixels.length, grid);
    byte fill = (byte) nodata;
    write(
        file,
        grid,
        8,
        nodata,
        MASK_LEVEL,
        (raw, x0, y0, w, h) -> {
          Arrays.fill(raw, fill);
          for (int r = 0; r < TILE && y0 + r < h; r++) {
            System.arraycopy(pixels, (y0 + r) * w + x0, raw, r * TILE, Math.min(TILE, w - x0));
          }
        });
  }

  /**
   * Writes uint16 {@code pixels} (row-major, grid.width() x grid.height(), values read unsigned) to
   * {@code file}.
   */
  public static void writeUint16(Path file, short[] pixels, GeoGrid grid, int nodata)
      throws IOException {
    checkLength(pixels.length, grid);
    write(
        file,
        grid,
        16,
        nodata,
        Deflater.DEFAULT_COMPRESSION,
        (raw, x0, y0, w, h) -> {
          ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
          for (int r = 0; r < TILE; r++) {
            for (int c = 0; c < TILE; c++) {
              boolean inside = y0 + r < h && x0 + c < w;
              b.putShort(inside ? pixels[(y0 + r) * w + x0 + c] : (short) nodata);
            }
          }
        });
  }

  private static void checkLength(int length, GeoGrid grid) {
    if ((long) grid.width() * grid.height() != length) {
      throw new IllegalArgumentException(
          "pixel array has " + length + " values, grid is " + grid.width() + " x " + grid.height());
    }
  }

  /** Fills one uncompressed tile (TILE x TILE samples) whose top-left pixel is (x0, y0). */
  private interface TileFiller {
    void fill(byte[] raw, int x0, int y0, int width, int height);
  }

  private static void write(
      Path file, GeoGrid grid, int bits, int nodata, int level, TileFiller filler)
      throws IOException {
    int w = grid.width();
    int h = grid.height();
    int tx = (w + TILE - 1) / TILE;
    int ty = (h + TILE - 1) / TILE;
    int bytesPerSample = bits / 8;
    byte[][] tiles = new byte[tx * ty][];
    // One task per row of tiles, each with one raw tile, one output buffer and one Deflater reused
    // for its tiles: a full Sentinel-2 mask is 1849 tiles, and fresh buffers per tile were a
    // quarter of a gigabyte of garbage, which the heap grew for.
    IntStream.range(0, ty)
        .parallel()
        .forEach(
            row -> {
              byte[] raw = new byte[TILE * TILE * bytesPerSample];
              byte[] buf = new byte[raw.length + (raw.length >> 3) + 64];
              Deflater d = new Deflater(level);
              try {
                for (int col = 0; col < tx; col++) {
                  int t = row * tx + col;
                  filler.fill(raw, col * TILE, row * TILE, w, h);
                  d.reset();
                  d.setInput(raw);
                  d.finish();
                  int n = 0;
                  while (!d.finished()) {
                    if (n == buf.length) {
                      buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    n += d.deflate(buf, n, buf.length - n);
                  }
                  tiles[t] = Arrays.copyOf(buf, n);
                }
              } finally {
                d.end();
              }
            });
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    long[] offsets = new long[tiles.length];
    long[] counts = new long[tiles.length];
    long pos = 8;
    for (int i = 0; i < tiles.length; i++) {
      offsets[i] = pos;
      counts[i] = tiles[i].length;
      pos += tiles[i].length;
    }
    if (pos > 0xFFFF_0000L) {
      throw new IOException("raster too large for classic TIFF: " + file);
    }
    TreeMap<Integer, TiffDirectory.Entry> tags = new TreeMap<>();
    put(tags, shorts(256, order, w));
    put(tags, shorts(257, order, h));
    put(tags, shorts(258, order, bits));
    put(tags, shorts(259, order, 8));
    put(tags, shorts(262, order, 1));
    put(tags, shorts(277, order, 1));
    put(tags, shorts(284, order, 1));
    put(tags, shorts(322, order, TILE));
    put(tags, shorts(323, order, TILE));
    put(tags, longs(324, order, offsets));
    put(tags, longs(325, order, counts));
    put(tags, shorts(339, order, 1));
    for (TiffDirectory.Entry e : grid.geoTags()) {
      put(tags, reorder(e, order));
    }
    byte[] nd = (nodata + "\0").getBytes(StandardCharsets.US_ASCII);
    put(tags, new TiffDirectory.Entry(TiffDirectory.GDAL_NODATA, 2, nd.length, nd, order));

    long ifdPos = pos + (pos & 1);
    int n = tags.size();
    long valuesPos = ifdPos + 2 + 12L * n + 4;
    ByteBuffer ifd = ByteBuffer.allocate(2 + 12 * n + 4).order(order);
    List<byte[]> values = new ArrayList<>();
    ifd.putShort((short) n);
    long vp = valuesPos;
    for (TiffDirectory.Entry e : tags.values()) {
      ifd.putShort((short) e.tag());
      ifd.putShort((short) e.type());
      ifd.putInt((int) e.count());
      byte[] raw = e.raw();
      if (raw.length <= 4) {
        byte[] four = new byte[4];
        System.arraycopy(raw, 0, four, 0, raw.length);
        ifd.put(four);
      } else {
        ifd.putInt((int) vp);
        byte[] padded = raw.length % 2 == 0 ? raw : java.util.Arrays.copyOf(raw, raw.length + 1);
        values.add(padded);
        vp += padded.length;
      }
    }
    ifd.putInt(0);
    try (OutputStream out =
        new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      ByteBuffer head = ByteBuffer.allocate(8).order(order);
      head.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) ifdPos);
      out.write(head.array());
      for (byte[] t : tiles) {
        out.write(t);
      }
      if ((pos & 1) == 1) {
        out.write(0);
      }
      out.write(ifd.array());
      for (byte[] v : values) {
        out.write(v);
      }
    }
  }

  private static void put(TreeMap<Integer, TiffDirectory.Entry> tags, TiffDirectory.Entry e) {
    tags.put(e.tag(), e);
  }

  private static TiffDirectory.Entry shorts(int tag, ByteOrder order, int v) {
    if (v > 0xFFFF) {
      return longs(tag, order, new long[] {v});
    }
    byte[] b = ByteBuffer.allocate(2).order(order).putShort((short) v).array();
    return new TiffDirectory.Entry(tag, 3, 1, b, order);
  }

  private static TiffDirectory.Entry longs(int tag, ByteOrder order, long[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
    for (long x : v) {
      b.putInt((int) x);
    }
    return new TiffDirectory.Entry(tag, 4, v.length, b.array(), order);
  }

  /** Re-encodes a tag read from a file of another byte order, value by value. */
  private static TiffDirectory.Entry reorder(TiffDirectory.Entry e, ByteOrder order) {
    if (e.order() == order || e.type() == 2 || e.type() == 1 || e.type() == 7) {
      return new TiffDirectory.Entry(e.tag(), e.type(), e.count(), e.raw(), order);
    }
    if (e.type() == 12) {
      double[] d = e.doubles();
      ByteBuffer b = ByteBuffer.allocate(8 * d.length).order(order);
      for (double x : d) {
        b.putDouble(x);
      }
      return new TiffDirectory.Entry(e.tag(), 12, d.length, b.array(), order);
    }
    long[] l = e.longs();
    if (e.type() == 3) {
      ByteBuffer b = ByteBuffer.allocate(2 * l.length).order(order);
      for (long x : l) {
        b.putShort((short) x);
      }
      return new TiffDirectory.Entry(e.tag(), 3, l.length, b.array(), order);
    }
    return longs(e.tag(), order, l);
  }
}
