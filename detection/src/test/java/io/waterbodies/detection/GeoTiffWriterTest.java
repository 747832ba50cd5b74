package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.SisBandReader;
import io.waterbodies.detection.internal.TiffDirectory;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uint16 GeoTIFFs written by {@link GeoTiffWriter} read back exactly, with their CRS and grid. */
class GeoTiffWriterTest {
  @TempDir Path tmp;

  @Test
  void roundTripsUint16PixelsGridAndCrs() {
    int w = 300;
    int h = 270; // not multiples of the tile size: edge tiles are padded
    short[] px = new short[w * h];
    Random rnd = new Random(7);
    for (int i = 0; i < px.length; i++) {
      px[i] = (short) rnd.nextInt(65536);
    }
    Path f = tmp.resolve("b.tif");
    GeoTiffWriter.writeUint16(
        f, px, new GeoTiffWriter.Grid(w, h, 32633, 500_000, 5_800_000, 10), 0);

    TiffDirectory dir = TiffDirectory.read(f);
    GeoGrid g = GeoGrid.of(dir);
    assertThat(g.epsg()).isEqualTo(32633);
    assertThat(g.transform()).containsExactly(500_000, 10, 0, 5_800_000, 0, -10);
    assertThat(dir.nodata()).hasValue(0);
    try (SisBandReader r = new SisBandReader(f, 0)) {
      float[] back = r.read(0, 0, w, h);
      for (int i = 0; i < px.length; i++) {
        assertThat((int) back[i]).as("pixel %d", i).isEqualTo(px[i] & 0xFFFF);
      }
      assertThat(r.crs()).isPresent();
    }
  }

  @Test
  void refusesMismatchedArraysAndBadGrids() {
    GeoTiffWriter.Grid grid = new GeoTiffWriter.Grid(4, 4, 32633, 0, 0, 10);
    assertThatThrownBy(() -> GeoTiffWriter.writeUint16(tmp.resolve("x.tif"), new short[3], grid, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 x 4");
    assertThatThrownBy(() -> new GeoTiffWriter.Grid(4, 4, 32633, 0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                GeoTiffWriter.writeUint16(tmp.resolve("missing/dir/x.tif"), new short[16], grid, 0))
        .isInstanceOf(DetectionException.class)
        .hasMessageContaining("missing");
  }
}
