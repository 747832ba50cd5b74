package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.SisBandReader;
import io.waterbodies.detection.internal.TiffDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the Python reference on every scene of {@code ../shared/data}: the README figures,
 * and the reference tool's own mask, pixel by pixel.
 */
class ParityTest {
  @TempDir Path tmp;

  static List<Scenes.Scene> scenes() throws IOException {
    return Scenes.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenes")
  void matchesReadmeFiguresAndReferenceMask(Scenes.Scene s) throws Exception {
    DetectionResult r =
        WaterDetector.builder().build().detect(DetectionInput.ndwi(s.green(), s.nir()));
    Diagnostics d = r.diagnostics();
    assertThat(d.threshold())
        .isCloseTo(s.threshold(), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(d.validPixels()).isEqualTo(s.valid());
    assertThat(d.waterPixels()).isEqualTo(s.water());

    Path refMask = tmp.resolve("ref.tif");
    String json = runReference(s, refMask);
    double refT = Double.parseDouble(json.replaceAll(".*\"threshold\": ([-0-9.e]+).*", "$1"));
    assertThat(d.threshold()).isCloseTo(refT, org.assertj.core.api.Assertions.within(1e-6));

    float[] ndwi = ndwi(s);
    float[] ref;
    try (SisBandReader rr = new SisBandReader(refMask, 0)) {
      ref = rr.read(0, 0, r.width(), r.height());
    }
    long differing = 0;
    for (int i = 0; i < ref.length; i++) {
      int mine = r.mask().get(i) & 0xFF;
      if (mine != (int) ref[i] && !(Math.abs(ndwi[i] - d.threshold()) <= 1e-6)) {
        differing++;
      }
    }
    assertThat(differing).as("pixels differing from the reference mask").isZero();

    Path out = tmp.resolve("out");
    DetectionOutputs.write(r, out);
    GeoGrid in = GeoGrid.of(TiffDirectory.read(s.green().file()));
    TiffDirectory written = TiffDirectory.read(out.resolve("mask.tif"));
    GeoGrid og = GeoGrid.of(written);
    assertThat(og.transform()).containsExactly(in.transform());
    assertThat(og.width()).isEqualTo(in.width());
    assertThat(og.epsg()).isEqualTo(in.epsg()).isPositive();
    assertThat(written.get(TiffDirectory.GEO_KEY_DIRECTORY).longs())
        .containsExactly(
            TiffDirectory.read(s.green().file()).get(TiffDirectory.GEO_KEY_DIRECTORY).longs());
    assertThat(written.nodata()).hasValue(255);
    try (SisBandReader back = new SisBandReader(out.resolve("mask.tif"), 0)) {
      float[] m = back.read(0, 0, r.width(), r.height());
      for (int i = 0; i < m.length; i++) {
        if ((int) m[i] != (r.mask().get(i) & 0xFF)) {
          fail("written mask differs at pixel " + i);
        }
      }
      assertThat(back.crs()).isPresent();
    }
  }

  private static float[] ndwi(Scenes.Scene s) {
    try (SisBandReader g = new SisBandReader(s.green().file(), s.green().band() - 1);
        SisBandReader n = new SisBandReader(s.nir().file(), s.nir().band() - 1)) {
      GeoGrid grid = GeoGrid.of(TiffDirectory.read(s.green().file()));
      float[] a = g.read(0, 0, grid.width(), grid.height());
      float[] b = n.read(0, 0, grid.width(), grid.height());
      float[] v = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        v[i] = (a[i] - b[i]) / (a[i] + b[i]);
      }
      return v;
    }
  }

  static String runReference(Scenes.Scene s, Path out) throws Exception {
    Path tool = Scenes.shared().resolve("tools/reference_water.py");
    ProcessBuilder pb =
        new ProcessBuilder(
            "/usr/bin/python3",
            tool.toString(),
            "--green",
            s.green().toString(),
            "--nir",
            s.nir().toString(),
            "--out",
            out.toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run /usr/bin/python3 (install python3): " + e, e);
    }
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError(
          "reference_water.py failed (needs Debian python3-rasterio python3-skimage"
              + " python3-numpy): exit "
              + p.exitValue()
              + " "
              + stdout);
    }
    return stdout.trim();
  }
}
