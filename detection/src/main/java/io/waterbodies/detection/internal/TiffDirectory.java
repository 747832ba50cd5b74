package io.waterbodies.detection.internal;

import io.waterbodies.detection.RasterReadException;
import io.waterbodies.detection.UnsupportedRasterException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first image file directory of a (Big)TIFF, read by hand so that the GeoTIFF tags can be
 * copied into the output byte for byte, whatever CRS they describe, and so that a file can be
 * checked (size, codec, sample type, truncation) before any pixel buffer is allocated. Pixels are
 * read by Apache SIS ({@link SisBandReader}).
 */
public final class TiffDirectory {
  /** GeoTIFF ModelPixelScaleTag. */
  public static final int MODEL_PIXEL_SCALE = 33550;

  /** GeoTIFF ModelTiepointTag. */
  public static final int MODEL_TIEPOINT = 33922;

  /** GeoTIFF ModelTransformationTag. */
  public static final int MODEL_TRANSFORMATION = 34264;

  /** GeoTIFF GeoKeyDirectoryTag. */
  public static final int GEO_KEY_DIRECTORY = 34735;

  /** GeoTIFF GeoDoubleParamsTag. */
  public static final int GEO_DOUBLE_PARAMS = 34736;

  /** GeoTIFF GeoAsciiParamsTag. */
  public static final int GEO_ASCII_PARAMS = 34737;

  /** GDAL's nodata tag (ASCII). */
  public static final int GDAL_NODATA = 42113;

  /**
   * Largest band we accept, in pixels: a Java array limit, and far above a Sentinel-2 tile (120
   * Mpx). Anything larger is refused before allocation.
   */
  public static final long MAX_PIXELS = 400_000_000L;

  /**
   * Default for the largest decoded tile or strip, in bytes (256 MiB). A hostile file may declare
   * 20000 x 20000 tiles on a 64 x 64 image; a block is refused before any buffer is allocated when
   * it exceeds this, or when a tile is larger than its image (beyond the usual rounding up to a
   * multiple of 16, or 1024 pixels for small images). The system property {@value
   * #MAX_BLOCK_BYTES_PROPERTY} overrides the default.
   */
  public static final long DEFAULT_MAX_BLOCK_BYTES = 256L << 20;

  /** System property setting the largest decoded tile or strip, in bytes. */
  public static final String MAX_BLOCK_BYTES_PROPERTY = "waterbodies.tiff.maxBlockBytes";

  private static final long SMALL_IMAGE_TILE = 1024;

  private static final int MAX_ENTRIES = 4096;
  private static final long MAX_TAG_BYTES = 64L << 20;

  /** One tag: its TIFF type, count and raw value bytes (in the file's byte order). */
  public record Entry(int tag, int type, long count, byte[] raw, ByteOrder order) {
    /** The values as longs (integer types) or truncated doubles. */
    public long[] longs() {
      ByteBuffer b = ByteBuffer.wrap(raw).order(order);
      long[] out = new long[(int) count];
      for (int i = 0; i < out.length; i++) {
        out[i] =
            switch (type) {
              case 1, 7 -> b.get() & 0xFF;
              case 6 -> b.get();
              case 3 -> b.getShort() & 0xFFFF;
              case 8 -> b.getShort();
              case 4, 13 -> b.getInt() & 0xFFFFFFFFL;
              case 9 -> b.getInt();
              case 16, 17, 18 -> b.getLong();
              default -> (long) doubles()[i];
            };
      }
      return out;
    }

    /** The values as doubles (DOUBLE, FLOAT, RATIONAL or integer types). */
    public double[] doubles() {
      ByteBuffer b = ByteBuffer.wrap(raw).order(order);
      double[] out = new double[(int) count];
      for (int i = 0; i < out.length; i++) {
        out[i] =
            switch (type) {
              case 12 -> b.getDouble();
              case 11 -> b.getFloat();
              case 5 -> (b.getInt() & 0xFFFFFFFFL) / (double) (b.getInt() & 0xFFFFFFFFL);
              case 10 -> b.getInt() / (double) b.getInt();
              default -> longs()[i];
            };
      }
      return out;
    }

    /** The value as an ASCII string without the trailing NUL. */
    public String ascii() {
      int n = raw.length;
      while (n > 0 && raw[n - 1] == 0) {
        n--;
      }
      return new String(raw, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  private final String location;
  private final Map<Integer, Entry> entries;

  private TiffDirectory(String location, Map<Integer, Entry> entries) {
    this.location = location;
    this.entries = entries;
  }

  /**
   * Reads and checks the first directory of a local TIFF file.
   *
   * @throws RasterReadException if the file is missing, not a TIFF, truncated or corrupt
   * @throws UnsupportedRasterException for codecs, sample types or sizes we refuse
   */
  public static TiffDirectory read(Path file) {
    return read(file, 0);
  }

  /**
   * Reads and checks the directory of a reduced-resolution level: 0 is the full image, 1 the first
   * overview (the next directory marked reduced-resolution, masks skipped), and so on.
   *
   * @throws UnsupportedRasterException when the file has fewer overview levels
   */
  public static TiffDirectory read(Path file, int level) {
    try (FileByteSource src = FileByteSource.open(file)) {
      return read(src, level);
    }
  }

  /**
   * Reads and checks the directory of a level (see {@link #read(Path, int)}) from any byte source,
   * for example a remote file read with HTTP range requests.
   */
  public static TiffDirectory read(ByteSource ch, int level) {
    String loc = ch.location();
    try {
      long size = ch.size();
      ByteBuffer head = readAt(ch, 0, 16, size, loc);
      ByteOrder order;
      if (head.get(0) == 'I' && head.get(1) == 'I') {
        order = ByteOrder.LITTLE_ENDIAN;
      } else if (head.get(0) == 'M' && head.get(1) == 'M') {
        order = ByteOrder.BIG_ENDIAN;
      } else {
        throw new RasterReadException("not a TIFF file (bad byte-order mark)", loc);
      }
      head.order(order);
      int magic = head.getShort(2) & 0xFFFF;
      boolean big;
      long ifd;
      if (magic == 42) {
        big = false;
        ifd = head.getInt(4) & 0xFFFFFFFFL;
      } else if (magic == 43) {
        big = true;
        ifd = head.getLong(8);
      } else {
        throw new RasterReadException("not a TIFF file (magic number " + magic + ")", loc);
      }
      int countSize = big ? 8 : 2;
      int entrySize = big ? 20 : 12;
      int found = 0;
      for (int hops = 0; level > 0; hops++) {
        ByteBuffer nb = readAt(ch, ifd, countSize, size, loc).order(order);
        long k = big ? nb.getLong(0) : nb.getShort(0) & 0xFFFF;
        if (k <= 0 || k > MAX_ENTRIES || hops > 64) {
          throw new RasterReadException("corrupt TIFF directory chain", loc);
        }
        ByteBuffer next = readAt(ch, ifd + countSize + k * entrySize, big ? 8 : 4, size, loc);
        next.order(order);
        ifd = big ? next.getLong(0) : next.getInt(0) & 0xFFFFFFFFL;
        if (ifd == 0) {
          throw new UnsupportedRasterException(
              "overview level " + level + " requested but the file has " + found, loc);
        }
        if (isOverview(ch, ifd, big, order, size, loc)) {
          found++;
          if (found == level) {
            break;
          }
        }
      }
      ByteBuffer cb = readAt(ch, ifd, countSize, size, loc).order(order);
      long n = big ? cb.getLong(0) : cb.getShort(0) & 0xFFFF;
      if (n <= 0 || n > MAX_ENTRIES) {
        throw new RasterReadException("corrupt TIFF directory (" + n + " entries)", loc);
      }
      ByteBuffer eb = readAt(ch, ifd + countSize, (int) n * entrySize, size, loc).order(order);
      Map<Integer, Entry> map = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        int base = i * entrySize;
        int tag = eb.getShort(base) & 0xFFFF;
        int type = eb.getShort(base + 2) & 0xFFFF;
        long count = big ? eb.getLong(base + 4) : eb.getInt(base + 4) & 0xFFFFFFFFL;
        int typeSize = typeSize(type);
        if (typeSize == 0) {
          continue; // unknown type: skip, as TIFF readers must
        }
        long bytes = count * typeSize;
        if (count < 0 || bytes > MAX_TAG_BYTES) {
          throw new RasterReadException("corrupt TIFF tag " + tag + " (count " + count + ")", loc);
        }
        int inline = big ? 8 : 4;
        byte[] raw = new byte[(int) bytes];
        if (bytes <= inline) {
          eb.get(base + (big ? 12 : 8), raw);
        } else {
          long off = big ? eb.getLong(base + 12) : eb.getInt(base + 8) & 0xFFFFFFFFL;
          readAt(ch, off, (int) bytes, size, loc).get(raw);
        }
        map.put(tag, new Entry(tag, type, count, raw, order));
      }
      TiffDirectory dir = new TiffDirectory(loc, map);
      dir.check(size);
      return dir;
    } catch (IOException e) {
      throw new RasterReadException("cannot read file: " + e.getMessage(), loc, e);
    }
  }

  /** True when the directory at {@code ifd} has NewSubfileType bit 0 (reduced) and not bit 2. */
  private static boolean isOverview(
      ByteSource ch, long ifd, boolean big, ByteOrder order, long size, String loc)
      throws IOException {
    int countSize = big ? 8 : 2;
    int entrySize = big ? 20 : 12;
    ByteBuffer nb = readAt(ch, ifd, countSize, size, loc).order(order);
    long k = big ? nb.getLong(0) : nb.getShort(0) & 0xFFFF;
    if (k <= 0 || k > MAX_ENTRIES) {
      throw new RasterReadException("corrupt TIFF directory (" + k + " entries)", loc);
    }
    ByteBuffer eb = readAt(ch, ifd + countSize, (int) k * entrySize, size, loc).order(order);
    for (int i = 0; i < k; i++) {
      int base = i * entrySize;
      if ((eb.getShort(base) & 0xFFFF) == 254) {
        long v = big ? eb.getInt(base + 12) & 0xFFFFFFFFL : eb.getInt(base + 8) & 0xFFFFFFFFL;
        return (v & 1) != 0 && (v & 4) == 0;
      }
    }
    return false;
  }

  private static ByteBuffer readAt(ByteSource ch, long pos, int len, long size, String loc)
      throws IOException {
    if (pos < 0 || pos + len > size) {
      throw new RasterReadException(
          "truncated TIFF: needs bytes " + pos + ".." + (pos + len) + " but the file has " + size,
          loc);
    }
    ByteBuffer b = ByteBuffer.allocate(len);
    ch.read(pos, b);
    b.flip();
    return b;
  }

  private static int typeSize(int type) {
    return switch (type) {
      case 1, 2, 6, 7 -> 1;
      case 3, 8 -> 2;
      case 4, 9, 11, 13 -> 4;
      case 5, 10, 12, 16, 17, 18 -> 8;
      default -> 0;
    };
  }

  private void check(long fileSize) {
    long w = longValue(256, -1);
    long h = longValue(257, -1);
    if (w <= 0 || h <= 0) {
      throw new RasterReadException("TIFF without a valid ImageWidth/ImageLength", location);
    }
    // Each side first, so that the product cannot overflow.
    if (w > MAX_PIXELS || h > MAX_PIXELS || w * h > MAX_PIXELS) {
      throw new UnsupportedRasterException(
          "declared size "
              + w
              + " x "
              + h
              + " pixels exceeds the limit of "
              + MAX_PIXELS
              + " pixels per band; refusing to allocate",
          location);
    }
    int compression = (int) longValue(259, 1);
    switch (compression) {
      case 1, 5, 8, 32946, 32773 -> {
        // none, LZW, Deflate (both codes), PackBits
      }
      case 6, 7 ->
          throw new UnsupportedRasterException(
              "JPEG-compressed TIFF is not supported (lossy; use deflate, LZW or none)", location);
      default ->
          throw new UnsupportedRasterException(
              "unsupported TIFF compression " + compression, location);
    }
    long bits = get(258) == null ? 1 : get(258).longs()[0];
    int format = (int) (get(339) == null ? 1 : get(339).longs()[0]);
    boolean ok =
        (format == 1 && (bits == 8 || bits == 16))
            || (format == 2 && (bits == 8 || bits == 16))
            || (format == 3 && bits == 32);
    if (!ok) {
      throw new UnsupportedRasterException(
          "unsupported sample type (SampleFormat "
              + format
              + ", "
              + bits
              + " bits); supported: uint8, uint16, int16, float32",
          location);
    }
    Entry offsets = get(324) != null ? get(324) : get(273);
    Entry counts = get(325) != null ? get(325) : get(279);
    if (offsets == null || counts == null || offsets.count() != counts.count()) {
      throw new RasterReadException(
          "corrupt TIFF: missing or inconsistent tile/strip offsets", location);
    }
    checkBlocks(w, h, bits / 8, offsets.count());
    long[] off = offsets.longs();
    long[] cnt = counts.longs();
    for (int i = 0; i < off.length; i++) {
      if (off[i] < 0 || cnt[i] < 0 || off[i] + cnt[i] > fileSize) {
        throw new RasterReadException(
            "truncated TIFF: block "
                + i
                + " ends at byte "
                + (off[i] + cnt[i])
                + " but the file has "
                + fileSize
                + " bytes",
            location);
      }
    }
  }

  /**
   * Bounds the tile or strip size against the image and {@link #maxBlockBytes()}, and checks that
   * there are offsets for every block, all in long arithmetic, before anything is allocated.
   */
  private void checkBlocks(long w, long h, long bytesPerSample, long blockCount) {
    long spp = longValue(277, 1);
    if (spp <= 0 || spp > 65535) {
      throw new RasterReadException("corrupt TIFF: SamplesPerPixel (tag 277) is " + spp, location);
    }
    boolean planar = longValue(284, 1) == 2;
    long samplesPerBlockPixel = planar ? 1 : spp;
    long bw;
    long bh;
    boolean tiled = get(322) != null || get(323) != null;
    if (tiled) {
      bw = longValue(322, -1);
      bh = longValue(323, -1);
      if (bw <= 0 || bh <= 0) {
        throw new RasterReadException(
            "corrupt TIFF: TileWidth (tag 322) "
                + bw
                + " / TileLength (tag 323) "
                + bh
                + " must both be positive",
            location);
      }
      checkTileSide(bw, w, "TileWidth (tag 322)", "width");
      checkTileSide(bh, h, "TileLength (tag 323)", "height");
    } else {
      long rps = longValue(278, h);
      if (rps <= 0) {
        throw new RasterReadException("corrupt TIFF: RowsPerStrip (tag 278) is " + rps, location);
      }
      bw = w;
      bh = Math.min(rps, h); // 2^32-1 means "one strip": bounded by the image
    }
    long limit = maxBlockBytes();
    // w, h, bw, bh < 2^32 and spp < 2^16, bytesPerSample <= 4: check step by step, no overflow.
    long blockPixels = bw * bh;
    if (blockPixels > limit || blockPixels * samplesPerBlockPixel * bytesPerSample > limit) {
      throw new UnsupportedRasterException(
          (tiled ? "tiles of " : "strips of ")
              + bw
              + " x "
              + bh
              + " pixels ("
              + (tiled ? "TileWidth/TileLength, tags 322/323" : "RowsPerStrip, tag 278")
              + ") exceed the limit of "
              + limit
              + " bytes per decoded block; refusing to allocate (raise it with -D"
              + MAX_BLOCK_BYTES_PROPERTY
              + "=<bytes> if the file is trusted)",
          location);
    }
    long across = (w + bw - 1) / bw;
    long down = (h + bh - 1) / bh;
    long needed = across * down * (planar ? spp : 1);
    if (blockCount < needed) {
      throw new RasterReadException(
          "corrupt TIFF: "
              + (tiled ? "TileOffsets (tag 324)" : "StripOffsets (tag 273)")
              + " has "
              + blockCount
              + " entries but the image needs "
              + needed,
          location);
    }
  }

  private void checkTileSide(long tile, long image, String tag, String what) {
    long bound = Math.max(((image + 15) / 16) * 16, SMALL_IMAGE_TILE);
    if (tile > bound) {
      throw new UnsupportedRasterException(
          tag
              + " is "
              + tile
              + " for an image "
              + image
              + " pixels in "
              + what
              + "; tiles larger than "
              + bound
              + " are refused before allocating",
          location);
    }
  }

  /** The largest decoded tile or strip accepted, in bytes. */
  public static long maxBlockBytes() {
    String v = System.getProperty(MAX_BLOCK_BYTES_PROPERTY);
    if (v == null || v.isBlank()) {
      return DEFAULT_MAX_BLOCK_BYTES;
    }
    try {
      long n = Long.parseLong(v.trim());
      // A decoded block must also fit one Java array.
      return Math.max(1, Math.min(n, Integer.MAX_VALUE - 8L));
    } catch (NumberFormatException e) {
      return DEFAULT_MAX_BLOCK_BYTES;
    }
  }

  private long longValue(int tag, long dflt) {
    Entry e = entries.get(tag);
    return e == null || e.count() == 0 ? dflt : e.longs()[0];
  }

  /** The entry for a tag, or {@code null}. */
  public Entry get(int tag) {
    return entries.get(tag);
  }

  /** Image width in pixels. */
  public int width() {
    return (int) longValue(256, 0);
  }

  /** Image height in pixels. */
  public int height() {
    return (int) longValue(257, 0);
  }

  /** Samples (bands) per pixel. */
  public int bands() {
    return (int) longValue(277, 1);
  }

  /** The GDAL_NODATA value, if any. */
  public java.util.OptionalDouble nodata() {
    Entry e = entries.get(GDAL_NODATA);
    if (e == null) {
      return java.util.OptionalDouble.empty();
    }
    try {
      return java.util.OptionalDouble.of(Double.parseDouble(e.ascii().trim()));
    } catch (NumberFormatException ex) {
      return java.util.OptionalDouble.empty();
    }
  }

  /** The file this directory was read from. */
  public String location() {
    return location;
  }
}
