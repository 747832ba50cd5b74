package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overview levels: internal overviews are made by gdaladdo at test time on a copy of a shared
 * scene; reading level n must give what the same level gives when gdal_translate extracts it into a
 * plain file of its own (pixels, georeferencing, threshold, mask).
 */
class OverviewTest {
  @TempDir Path tmp;

  @Test
  void overviewLevelEqualsTheExtractedLevel() throws Exception {
    Path naip = tmp.resolve("naip.tif");
    Files.copy(Scenes.data().resolve("naip-lakes/naip_2020.tif"), naip);
    run("gdaladdo", "-q", "-r", "nearest", naip.toString(), "2", "4");
    WaterDetector d = WaterDetector.builder().build();
    for (int level = 1; level <= 2; level++) {
      Path extracted = tmp.resolve("level" + level + ".tif");
      run(
          "gdal_translate",
          "-q",
          "-ovr",
          Integer.toString(level - 1),
          "-co",
          "TILED=YES",
          "-co",
          "COMPRESS=DEFLATE",
          naip.toString(),
          extracted.toString());
      DetectionResult fromOverview =
          d.detect(
              DetectionInput.ndwi(new BandRef(naip, 2), new BandRef(naip, 4)).withOverview(level));
      DetectionResult fromFile =
          d.detect(DetectionInput.ndwi(new BandRef(extracted, 2), new BandRef(extracted, 4)));
      assertThat(fromOverview.width()).isEqualTo(fromFile.width()).isLessThan(934 / level + 1);
      assertThat(fromOverview.height()).isEqualTo(fromFile.height());
      assertThat(fromOverview.threshold()).isEqualTo(fromFile.threshold());
      assertThat(fromOverview.diagnostics().waterPixels())
          .isEqualTo(fromFile.diagnostics().waterPixels())
          .isPositive();
      assertThat(fromOverview.mask()).isEqualTo(fromFile.mask());
      List<Double> a = fromOverview.geoTransform();
      List<Double> b = fromFile.geoTransform();
      for (int i = 0; i < 6; i++) {
        assertThat(a.get(i)).as("geotransform " + i).isCloseTo(b.get(i), within(b.get(i)));
      }
      assertThat(fromOverview.epsg()).isEqualTo(fromFile.epsg());
    }
    assertThatThrownBy(
            () ->
                d.detect(
                    DetectionInput.ndwi(new BandRef(naip, 2), new BandRef(naip, 4))
                        .withOverview(3)))
        .isInstanceOf(UnsupportedRasterException.class)
        .hasMessageContaining(naip.toString())
        .hasMessageContaining("overview level 3");
  }

  private static org.assertj.core.data.Offset<Double> within(double v) {
    return org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(v)));
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(cmd[0] + " finished").isTrue();
    assertThat(p.exitValue()).as(cmd[0] + " (GDAL must be installed): " + log).isZero();
  }
}
