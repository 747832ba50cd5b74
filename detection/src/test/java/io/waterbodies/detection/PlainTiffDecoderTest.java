package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.detection.internal.PlainTiffDecoder;
import io.waterbodies.detection.internal.SisBandReader;
import io.waterbodies.detection.internal.TiffDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The internal block decoder returns exactly what Apache SIS decodes, on every band of every scene
 * and on layouts the scenes lack (horizontal predictor, planar bands, deflate strips) made with
 * gdal_translate at test time.
 */
class PlainTiffDecoderTest {
  @TempDir Path tmp;

  @Test
  void everySceneBandMatchesSis() throws Exception {
    int checked = 0;
    for (Scenes.Scene s : Scenes.all()) {
      for (BandRef b : List.of(s.green(), s.nir())) {
        assertSameAsSis(b.file(), b.band() - 1);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
  }

  @Test
  void predictorPlanarAndStripVariantsMatchSis() throws Exception {
    Path naip = Scenes.data().resolve("naip-lakes/naip_2020.tif");
    Path desert = Scenes.data().resolve("s2-29RKH-desert/B03.tif");
    Path planar =
        gdal(
            naip,
            "planar.tif",
            "-co",
            "TILED=YES",
            "-co",
            "COMPRESS=DEFLATE",
            "-co",
            "PREDICTOR=2",
            "-co",
            "INTERLEAVE=BAND",
            "-co",
            "BLOCKXSIZE=256",
            "-co",
            "BLOCKYSIZE=128");
    Path strips =
        gdal(
            desert,
            "strips.tif",
            "-co",
            "COMPRESS=DEFLATE",
            "-co",
            "PREDICTOR=2",
            "-co",
            "BLOCKYSIZE=100");
    Path none = gdal(desert, "none.tif", "-co", "TILED=YES", "-co", "BLOCKXSIZE=208");
    for (int band = 0; band < 4; band++) {
      assertSameAsSis(planar, band);
    }
    assertSameAsSis(strips, 0);
    assertSameAsSis(none, 0);
  }

  @Test
  void lzwFallsBackToSis() throws Exception {
    Path desert = Scenes.data().resolve("s2-29RKH-desert/B03.tif");
    Path lzw = gdal(desert, "lzw.tif", "-co", "COMPRESS=LZW");
    assertThat(PlainTiffDecoder.forFile(lzw, TiffDirectory.read(lzw), 0)).isEmpty();
    TiffDirectory d = TiffDirectory.read(desert);
    try (SisBandReader a = new SisBandReader(lzw, 0);
        SisBandReader b = new SisBandReader(desert, 0, false)) {
      assertSame(
          a.read(0, 0, d.width(), d.height()),
          b.read(0, 0, d.width(), d.height()),
          d.width(),
          "lzw copy");
    }
  }

  @Test
  void corruptDeflateBlockIsATypedError() throws Exception {
    Path desert = Scenes.data().resolve("s2-29RKH-desert/B03.tif");
    TiffDirectory d = TiffDirectory.read(desert);
    long first = d.get(324).longs()[0];
    byte[] all = Files.readAllBytes(desert);
    for (int i = 0; i < 64; i++) {
      all[(int) first + 2 + i] = (byte) 0xFF;
    }
    Path bad = tmp.resolve("bad.tif");
    Files.write(bad, all);
    try (PlainTiffDecoder dec = PlainTiffDecoder.forFile(bad, TiffDirectory.read(bad), 0).get()) {
      assertThatThrownBy(() -> dec.read(0, 0, 10, 10))
          .isInstanceOf(RasterReadException.class)
          .hasMessageContaining(bad.toString())
          .hasMessageContaining("deflate block 0");
    }
  }

  @Test
  void plainFilesAreReadWithoutSisUntilTheCrsIsAsked() {
    Path desert = Scenes.data().resolve("s2-29RKH-desert/B03.tif");
    TiffDirectory d = TiffDirectory.read(desert);
    try (SisBandReader r = new SisBandReader(desert, 0)) {
      float[] buffer = new float[d.width() * 64 + 5];
      float[] got = r.read(0, 10, d.width(), 64, buffer);
      assertThat(got).isSameAs(buffer);
      assertSame(
          java.util.Arrays.copyOf(got, d.width() * 64),
          r.read(0, 10, d.width(), 64),
          d.width(),
          "window read into a reused, longer buffer");
      assertThat(r.sisOpened()).as("SIS opened for plain pixel reads").isFalse();
      assertThat(r.crs()).isPresent();
      assertThat(r.sisOpened()).isTrue();
    }
    try (SisBandReader r = new SisBandReader(desert, 0)) {
      assertThatThrownBy(() -> r.read(0, 0, 10, 10, new float[99]))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static void assertSameAsSis(Path file, int band) {
    TiffDirectory d = TiffDirectory.read(file);
    int w = d.width();
    int h = d.height();
    assertThat(PlainTiffDecoder.forFile(file, d, band)).as("plain case " + file).isPresent();
    try (SisBandReader fast = new SisBandReader(file, band, true);
        SisBandReader sis = new SisBandReader(file, band, false)) {
      assertSame(fast.read(0, 0, w, h), sis.read(0, 0, w, h), w, file + " band " + band);
      // A window crossing block edges, not aligned to anything.
      int x = w / 3 + 1;
      int y = h / 3 + 3;
      int ww = w / 2 - 7;
      int wh = h / 2 - 5;
      assertSame(
          fast.read(x, y, ww, wh), sis.read(x, y, ww, wh), ww, file + " band " + band + " window");
    }
  }

  /** Compares without printing millions of values: names the first differing pixel. */
  private static void assertSame(float[] got, float[] want, int w, String what) {
    assertThat(got.length).as(what + " length").isEqualTo(want.length);
    for (int i = 0; i < got.length; i++) {
      if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want[i])) {
        throw new AssertionError(
            what
                + ": first difference at x="
                + (i % w)
                + " y="
                + (i / w)
                + ": "
                + got[i]
                + " vs SIS "
                + want[i]);
      }
    }
  }

  private Path gdal(Path src, String name, String... options) throws Exception {
    Path out = tmp.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("gdal_translate", "-q"));
    cmd.addAll(List.of(options));
    cmd.add(src.toString());
    cmd.add(out.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("gdal_translate finished").isTrue();
    assertThat(p.exitValue()).as("gdal_translate (GDAL must be installed): " + log).isZero();
    return out;
  }
}
