package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.detection.internal.TiffDirectory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile TIFFs of about 300 bytes that declare huge tiles or strips: refused with a typed error
 * naming the file and the tag, before any pixel buffer is allocated, locally and remotely.
 */
class TiffBombTest {
  @TempDir Path tmp;

  private static final WaterDetector DETECTOR = WaterDetector.builder().build();

  /**
   * A 303-byte little-endian GeoTIFF: a 64 x 64 uint8 image with one tile of {@code tileW x tileH}
   * (or strips of {@code rowsPerStrip} rows when {@code tileW} is 0), georeferenced, with a few
   * bytes of pixel data.
   */
  static byte[] tiff(long tileW, long tileH, long rowsPerStrip) {
    ByteBuffer b = ByteBuffer.allocate(303).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    boolean tiled = tileW > 0;
    int entries = 13;
    int ifdEnd = 8 + 2 + entries * 12 + 4;
    int scaleAt = ifdEnd;
    int tieAt = scaleAt + 24;
    int dataAt = tieAt + 48;
    int dataLen = 303 - dataAt;
    b.putShort((short) entries);
    entry(b, 256, 3, 1, 64);
    entry(b, 257, 3, 1, 64);
    entry(b, 258, 3, 1, 8);
    entry(b, 259, 3, 1, 1);
    entry(b, 262, 3, 1, 1);
    entry(b, 273, 4, 1, dataAt); // StripOffsets; replaced by tile tags below when tiled
    entry(b, 277, 3, 1, 1);
    entry(b, 278, 4, 1, rowsPerStrip);
    entry(b, 279, 4, 1, dataLen);
    entry(b, 284, 3, 1, 1);
    entry(b, 339, 3, 1, 1);
    entry(b, 33550, 12, 3, scaleAt);
    entry(b, 33922, 12, 6, tieAt);
    b.putInt(0);
    if (tiled) {
      // Rewrite the strip tags as tile tags: 273 -> 322/323 + 324/325 need two more entries, so
      // reuse 273/278/279's slots for TileWidth, TileLength, TileByteCounts and put the offsets
      // in 284's slot (planar configuration defaults to 1).
      b.position(10 + 5 * 12);
      entry(b, 322, 4, 1, tileW);
      b.position(10 + 7 * 12);
      entry(b, 323, 4, 1, tileH);
      entry(b, 324, 4, 1, dataAt);
      entry(b, 325, 4, 1, dataLen);
      // Entries must be sorted by tag: 277 (slot 6) sits between 322 (slot 5) and 323; swap.
      swap(b, 5, 6);
    }
    b.position(scaleAt);
    b.putDouble(10).putDouble(10).putDouble(0);
    b.position(tieAt);
    b.putDouble(0).putDouble(0).putDouble(0).putDouble(500000).putDouble(4000000).putDouble(0);
    return b.array();
  }

  private static void entry(ByteBuffer b, int tag, int type, int count, long value) {
    b.putShort((short) tag).putShort((short) type).putInt(count);
    if (type == 3 && count == 1) {
      b.putShort((short) value).putShort((short) 0);
    } else {
      b.putInt((int) value);
    }
  }

  private static void swap(ByteBuffer b, int i, int j) {
    byte[] x = new byte[12];
    byte[] y = new byte[12];
    b.get(10 + i * 12, x);
    b.get(10 + j * 12, y);
    b.put(10 + i * 12, y);
    b.put(10 + j * 12, x);
  }

  private Path write(String name, byte[] bytes) throws Exception {
    return Files.write(tmp.resolve(name), bytes);
  }

  @Test
  void theHostileFileIsTiny() {
    assertThat(tiff(20000, 20000, 0)).hasSize(303);
  }

  @Test
  void hugeTilesOnASmallImageAreRefusedNamingTheTag() throws Exception {
    for (long side : new long[] {20000, 65536}) {
      Path p = write("bomb-" + side + ".tif", tiff(side, side, 0));
      assertThatThrownBy(() -> TiffDirectory.read(p))
          .isInstanceOf(UnsupportedRasterException.class)
          .hasMessageContaining(p.toString())
          .hasMessageContaining("TileWidth (tag 322) is " + side);
      assertThatThrownBy(() -> DETECTOR.detect(DetectionInput.ndwi(BandRef.of(p), BandRef.of(p))))
          .isInstanceOf(UnsupportedRasterException.class)
          .hasMessageContaining(p.toString())
          .hasMessageContaining("tag 322");
    }
  }

  @Test
  void tilesOverTheConfiguredLimitAreRefused() throws Exception {
    Path p = write("limit.tif", tiff(64, 64, 0));
    assertThat(TiffDirectory.read(p).width()).isEqualTo(64);
    String old = System.getProperty(TiffDirectory.MAX_BLOCK_BYTES_PROPERTY);
    System.setProperty(TiffDirectory.MAX_BLOCK_BYTES_PROPERTY, "1000");
    try {
      assertThatThrownBy(() -> TiffDirectory.read(p))
          .isInstanceOf(UnsupportedRasterException.class)
          .hasMessageContaining("limit of 1000 bytes")
          .hasMessageContaining("tags 322/323");
    } finally {
      if (old == null) {
        System.clearProperty(TiffDirectory.MAX_BLOCK_BYTES_PROPERTY);
      } else {
        System.setProperty(TiffDirectory.MAX_BLOCK_BYTES_PROPERTY, old);
      }
    }
  }

  @Test
  void missingTileOffsetsAndBadStripsAreCorruptFiles() throws Exception {
    Path few = write("few.tif", tiff(16, 16, 0));
    assertThatThrownBy(() -> TiffDirectory.read(few))
        .isInstanceOf(RasterReadException.class)
        .hasMessageContaining("TileOffsets (tag 324) has 1 entries but the image needs 16");
    Path zero = write("zero.tif", tiff(0, 0, 0));
    assertThatThrownBy(() -> TiffDirectory.read(zero))
        .isInstanceOf(RasterReadException.class)
        .hasMessageContaining("RowsPerStrip (tag 278)");
    // One strip of "4294967295 rows" is bounded by the image: valid.
    Path one = write("one.tif", tiff(0, 0, 0xFFFFFFFFL));
    assertThat(TiffDirectory.read(one).height()).isEqualTo(64);
  }

  @Test
  void remoteCogsAreCheckedTheSameWay() throws Exception {
    try (RangeServer server = new RangeServer()) {
      URI url = server.put("/bomb.tif", tiff(20000, 20000, 0));
      BandRef ref = BandRef.parse(url.toString());
      assertThatThrownBy(() -> DETECTOR.detect(DetectionInput.ndwi(ref, ref)))
          .isInstanceOf(UnsupportedRasterException.class)
          .hasMessageContaining(url.toString())
          .hasMessageContaining("tag 322");
    }
  }
}
