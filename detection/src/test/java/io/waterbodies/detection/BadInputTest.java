package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.TiffDirectory;
import io.waterbodies.detection.internal.TiffWriter;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Item;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input of the issue gives a typed error naming the file and the problem. */
class BadInputTest {
  @TempDir Path tmp;

  private static final WaterDetector DETECTOR = WaterDetector.builder().build();

  private static Path desert(String name) {
    return Scenes.data().resolve("s2-29RKH-desert").resolve(name);
  }

  private static Path naip() {
    return Scenes.data().resolve("naip-lakes/naip_2020.tif");
  }

  @Test
  void truncatedTiff() throws Exception {
    byte[] all = Files.readAllBytes(desert("B03.tif"));
    Path cut = tmp.resolve("cut.tif");
    Files.write(cut, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> DETECTOR.detect(DetectionInput.ndwi(BandRef.of(cut), BandRef.of(cut))))
        .isInstanceOf(RasterReadException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void garbageIsNotATiff() throws Exception {
    Path junk = tmp.resolve("junk.tif");
    Files.writeString(junk, "this is not a tiff at all, just text");
    assertThatThrownBy(() -> TiffDirectory.read(junk))
        .isInstanceOf(RasterReadException.class)
        .hasMessageContaining("not a TIFF");
  }

  @Test
  void corruptTileDataFailsTypedNotWithAnError() throws Exception {
    byte[] all = Files.readAllBytes(desert("B03.tif"));
    // Overwrite the middle of the compressed data: the header stays valid, deflate fails.
    for (int i = all.length / 2; i < all.length / 2 + 4096; i++) {
      all[i] = (byte) 0x5A;
    }
    Path bad = tmp.resolve("corrupt.tif");
    Files.write(bad, all);
    assertThatThrownBy(
            () ->
                DETECTOR.detect(
                    DetectionInput.ndwi(BandRef.of(bad), BandRef.of(desert("B08.tif")))))
        .isInstanceOf(DetectionException.class)
        .hasMessageContaining(bad.toString());
  }

  /** A small valid uint8 GeoTIFF written with our writer, with the desert's georeferencing. */
  private Path smallTiff(String name, byte[] pixels, int w, int h) throws Exception {
    GeoGrid g = GeoGrid.of(TiffDirectory.read(desert("B03.tif"))).window(0, 0, w, h);
    Path p = tmp.resolve(name);
    TiffWriter.writeUint8(p, pixels, g, 255);
    return p;
  }

  /** Patches a SHORT or LONG tag value in the first directory of a little-endian TIFF. */
  private static void patchTag(Path file, int tag, long value, boolean asLong) throws Exception {
    byte[] b = Files.readAllBytes(file);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int ifd = bb.getInt(4);
    int n = bb.getShort(ifd) & 0xFFFF;
    for (int i = 0; i < n; i++) {
      int e = ifd + 2 + 12 * i;
      if ((bb.getShort(e) & 0xFFFF) == tag) {
        bb.putShort(e + 2, (short) (asLong ? 4 : 3));
        if (asLong) {
          bb.putInt(e + 8, (int) value);
        } else {
          bb.putShort(e + 8, (short) value);
        }
      }
    }
    Files.write(file, b);
  }

  @Test
  void jpegCompressionIsRefused() throws Exception {
    Path p = smallTiff("jpeg.tif", new byte[64 * 64], 64, 64);
    patchTag(p, 259, 7, false);
    assertThatThrownBy(() -> DETECTOR.detect(DetectionInput.ndwi(BandRef.of(p), BandRef.of(p))))
        .isInstanceOf(UnsupportedRasterException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("JPEG");
  }

  @Test
  void hugeDeclaredSizeIsRefusedBeforeAllocating() throws Exception {
    Path p = smallTiff("huge.tif", new byte[64 * 64], 64, 64);
    patchTag(p, 256, 1_000_000, true);
    patchTag(p, 257, 1_000_000, true);
    assertThatThrownBy(() -> DETECTOR.detect(DetectionInput.ndwi(BandRef.of(p), BandRef.of(p))))
        .isInstanceOf(UnsupportedRasterException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("1000000 x 1000000");
  }

  @Test
  void mismatchedBandSizes() {
    assertThatThrownBy(
            () ->
                DETECTOR.detect(
                    DetectionInput.ndwi(
                        BandRef.of(desert("B03.tif")), BandRef.of(desert("SCL.tif")))))
        .isInstanceOf(BandMismatchException.class)
        .hasMessageContaining("SCL.tif")
        .hasMessageContaining("1098x1098");
  }

  @Test
  void allNodata() throws Exception {
    Path p = smallTiff("zeros.tif", new byte[64 * 64], 64, 64);
    assertThatThrownBy(() -> DETECTOR.detect(DetectionInput.ndwi(BandRef.of(p), BandRef.of(p))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("no valid pixel");
  }

  @Test
  void constantBand() throws Exception {
    byte[] flat = new byte[64 * 64];
    Arrays.fill(flat, (byte) 7);
    byte[] varied = new byte[64 * 64];
    for (int i = 0; i < varied.length; i++) {
      varied[i] = (byte) (1 + i % 200);
    }
    Path g = smallTiff("flat.tif", flat, 64, 64);
    Path n = smallTiff("varied.tif", varied, 64, 64);
    assertThatThrownBy(() -> DETECTOR.detect(DetectionInput.ndwi(BandRef.of(g), BandRef.of(n))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(g.toString())
        .hasMessageContaining("is constant (7.0)");
    assertThatThrownBy(() -> DETECTOR.detect(DetectionInput.ndwi(BandRef.of(n), BandRef.of(g))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("band " + g)
        .hasMessageContaining("is constant (7.0)");
  }

  @Test
  void zeroAreaAoi() {
    DetectionInput in =
        DetectionInput.ndwi(new BandRef(naip(), 2), new BandRef(naip(), 4))
            .withAoi(Aoi.wgs84(-99.2, 47.0, -99.2, 47.05));
    assertThatThrownBy(() -> DETECTOR.detect(in))
        .isInstanceOf(InvalidAoiException.class)
        .hasMessageContaining("zero");
  }

  @Test
  void aoiOutsideTheRaster() {
    DetectionInput in =
        DetectionInput.ndwi(new BandRef(naip(), 2), new BandRef(naip(), 4))
            .withAoi(Aoi.wgs84(10, 45, 11, 46));
    assertThatThrownBy(() -> DETECTOR.detect(in))
        .isInstanceOf(InvalidAoiException.class)
        .hasMessageContaining(naip().toString())
        .hasMessageContaining("does not intersect");
  }

  @Test
  void missingBandIndex() {
    assertThatThrownBy(
            () ->
                DETECTOR.detect(
                    DetectionInput.ndwi(new BandRef(naip(), 2), new BandRef(naip(), 7))))
        .isInstanceOf(BandSelectionException.class)
        .hasMessageContaining(naip().toString())
        .hasMessageContaining("band 7")
        .hasMessageContaining("4 band");
  }

  @Test
  void itemWithoutNir() throws Exception {
    String json =
        "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"no-nir\",\"geometry\":null,"
            + "\"properties\":{\"datetime\":\"2020-01-01T00:00:00Z\"},\"links\":[],\"assets\":{"
            + "\"B03\":{\"href\":\"B03.tif\",\"roles\":[\"data\"],"
            + "\"eo:bands\":[{\"name\":\"B03\",\"common_name\":\"green\"}]}}}";
    Path f = tmp.resolve("item.json");
    Files.writeString(f, json);
    Item item = StacReader.create().readItem(f);
    assertThatThrownBy(() -> ItemBands.select(item, Index.NDWI, HrefResolver.localFiles()))
        .isInstanceOf(BandSelectionException.class)
        .hasMessageContaining("no-nir")
        .hasMessageContaining("'nir'");
  }

  @Test
  void missingFile() {
    Path nope = tmp.resolve("nope.tif");
    assertThatThrownBy(
            () -> DETECTOR.detect(DetectionInput.ndwi(BandRef.of(nope), BandRef.of(nope))))
        .isInstanceOf(RasterReadException.class)
        .hasMessageContaining(nope.toString())
        .hasMessageContaining("not found");
    assertThat(nope).doesNotExist();
  }
}
