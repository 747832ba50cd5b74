package io.waterbodies.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.waterbodies.detection.BandRef;
import io.waterbodies.detection.DetectionInput;
import io.waterbodies.detection.DetectionOutputs;
import io.waterbodies.detection.DetectionResult;
import io.waterbodies.detection.WaterDetector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run detection in a unit test: the minimal use of the detection module, in-process, on a real
 * raster. Bands are picked from a multi-band GeoTIFF by number (green = band 2 and NIR = band 4 of
 * the NAIP prairie-lakes scene in {@code ../shared/data}); the default detector computes NDWI and
 * an Otsu threshold exactly as the Python reference, whose figures for this scene are in {@code
 * ../shared/data/README.md}.
 *
 * <pre>
 * mvn -B -o -pl examples -am verify -Dtest=DetectionInUnitTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class DetectionInUnitTest {
  @TempDir Path out;

  @Test
  void detectsThePrairieLakes() {
    Path naip = shared().resolve("data/naip-lakes/naip_2020.tif");

    DetectionResult r =
        WaterDetector.builder()
            .build()
            .detect(DetectionInput.ndwi(new BandRef(naip, 2), new BandRef(naip, 4)));
    DetectionOutputs.write(r, out); // mask.tif, diagnostics.json, quicklook.png

    // The reference figures of ../shared/data/README.md for this scene.
    assertThat(r.diagnostics().threshold()).isCloseTo(0.165658, within(1e-6));
    assertThat(r.diagnostics().waterPixels()).isEqualTo(170058);
    assertThat(r.diagnostics().validPixels()).isEqualTo(675282);
    assertThat(out.resolve(DetectionOutputs.MASK)).isNotEmptyFile();
  }

  private static Path shared() {
    return Path.of(System.getProperty("waterbodies.shared", "../../shared"));
  }
}
