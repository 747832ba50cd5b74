package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.detection.internal.EpsgDataset;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AOIs on rasters outside WGS 84: the shared NAIP scene (EPSG:26914, NAD83 / UTM 14N) and a copy
 * reprojected at test time with {@code gdalwarp} to another datum (EPSG:31968, SIRGAS 2000 / UTM
 * 14N, which Apache SIS cannot resolve without the EPSG dataset). With the EPSG dataset on the
 * class path (the optional {@code sis-embedded-data} + Derby), the AOI crops exactly the window
 * {@code gdal_translate -projwin} cuts, and the mask equals the Python reference's on that crop.
 * Without the dataset, the error names the artifacts to add.
 */
class AnyCrsAoiTest {
  @TempDir Path tmp;

  @Test
  void theEpsgDatasetIsOnTheTestClassPath() {
    assertThat(EpsgDataset.present()).isTrue();
    assertThat(EpsgDataset.hint()).isEmpty();
  }

  @Test
  void aoiInNad83UtmCropsLikeGdalAndMatchesTheReference() throws Exception {
    Path naip = Scenes.data().resolve("naip-lakes/naip_2020.tif");
    assertCropMatchesReference(naip, "EPSG:26914");
  }

  @Test
  void aoiOnACopyReprojectedToSirgas2000MatchesTheReference() throws Exception {
    assertCropMatchesReference(sirgasCopy(), "EPSG:31968");
  }

  @Test
  void aWgs84AoiIsTransformedToTheSirgas2000Grid() throws Exception {
    Path sirgas = sirgasCopy();
    // The middle of the scene in WGS 84, as GDAL's own transformation puts it.
    double[] g = geoTransform(sirgas);
    JsonNode info = Json.parse(run("gdalinfo", "-json", sirgas.toString()), "gdalinfo");
    int w = info.path("size").get(0).asInt();
    int h = info.path("size").get(1).asInt();
    JsonNode poly = info.path("wgs84Extent").path("coordinates").get(0);
    double minLon = Double.POSITIVE_INFINITY;
    double maxLon = Double.NEGATIVE_INFINITY;
    double minLat = Double.POSITIVE_INFINITY;
    double maxLat = Double.NEGATIVE_INFINITY;
    for (JsonNode p : poly) {
      minLon = Math.min(minLon, p.get(0).asDouble());
      maxLon = Math.max(maxLon, p.get(0).asDouble());
      minLat = Math.min(minLat, p.get(1).asDouble());
      maxLat = Math.max(maxLat, p.get(1).asDouble());
    }
    double dLon = (maxLon - minLon) / 4;
    double dLat = (maxLat - minLat) / 4;
    DetectionResult r =
        WaterDetector.builder()
            .build()
            .detect(
                DetectionInput.ndwi(new BandRef(sirgas, 2), new BandRef(sirgas, 4))
                    .withAoi(
                        Aoi.wgs84(minLon + dLon, minLat + dLat, maxLon - dLon, maxLat - dLat)));
    // Half the extent in each direction: about half the pixels (the grid is slightly rotated
    // against the meridians, so allow a few per cent).
    assertThat((double) r.width()).isCloseTo(w / 2.0, within(w * 0.05));
    assertThat((double) r.height()).isCloseTo(h / 2.0, within(h * 0.05));
    assertThat(r.epsg()).hasValue(31968);
    assertThat(r.geoTransform().get(1)).isCloseTo(g[1], within(1e-9));
    assertThat(r.diagnostics().waterPixels()).isPositive();
  }

  @Test
  void withoutTheEpsgDatasetTheErrorNamesTheArtifactToAdd() throws Exception {
    // The same detection in a JVM whose class path lacks sis-embedded-data and Derby.
    String cp =
        Stream.of(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .filter(e -> !e.contains("sis-embedded-data") && !e.contains("derby"))
            .collect(Collectors.joining(File.pathSeparator));
    Path naip = sirgasCopy();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(java.toString(), "-cp", cp, NoEpsgMain.class.getName(), naip.toString())
            .redirectErrorStream(true);
    pb.environment().remove("SIS_DATA");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(out)
        .as(out)
        .contains("InvalidAoiException")
        .contains("raster CRS could not be resolved")
        .contains("org.apache.sis.non-free:sis-embedded-data")
        .contains("org.apache.derby:derby");
  }

  /** Run in a JVM without the EPSG dataset: prints the detection error. */
  static final class NoEpsgMain {
    private NoEpsgMain() {}

    public static void main(String[] args) {
      Path f = Path.of(args[0]);
      try {
        WaterDetector.builder()
            .build()
            .detect(
                DetectionInput.ndwi(new BandRef(f, 2), new BandRef(f, 4))
                    .withAoi(Aoi.wgs84(-99.19, 47.02, -99.17, 47.03)));
        System.out.println("no error");
      } catch (RuntimeException e) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  /**
   * Crops a window of 400 x 350 pixels given as an AOI in the raster's own CRS (on pixel edges) and
   * compares it with {@code gdal_translate -projwin} of the same box run through the reference.
   */
  private void assertCropMatchesReference(Path raster, String crs) throws Exception {
    double[] g = geoTransform(raster);
    int col0 = 200;
    int row0 = 150;
    int w = 400;
    int h = 350;
    double ulx = g[0] + col0 * g[1];
    double uly = g[3] + row0 * g[5];
    double lrx = ulx + w * g[1];
    double lry = uly + h * g[5];
    DetectionResult r =
        WaterDetector.builder()
            .build()
            .detect(
                DetectionInput.ndwi(new BandRef(raster, 2), new BandRef(raster, 4))
                    .withAoi(new Aoi(ulx, lry, lrx, uly, crs)));
    assertThat(r.width()).isEqualTo(w);
    assertThat(r.height()).isEqualTo(h);

    Path crop = tmp.resolve("crop-" + crs.replace(':', '_') + ".tif");
    run(
        "gdal_translate",
        "-q",
        "-projwin",
        fmt(ulx),
        fmt(uly),
        fmt(lrx),
        fmt(lry),
        raster.toString(),
        crop.toString());
    Path refMask = tmp.resolve("ref-" + crs.replace(':', '_') + ".tif");
    JsonNode ref =
        Json.parse(
            run(
                "/usr/bin/python3",
                Scenes.shared().resolve("tools/reference_water.py").toString(),
                "--green",
                crop + ":2",
                "--nir",
                crop + ":4",
                "--out",
                refMask.toString()),
            "reference");
    assertThat(ref.path("width").asInt()).isEqualTo(w);
    assertThat(ref.path("height").asInt()).isEqualTo(h);
    assertThat(r.threshold()).isCloseTo(ref.path("threshold").asDouble(), within(1e-6));
    assertThat(r.diagnostics().validPixels()).isEqualTo(ref.path("valid_pixels").asLong());
    assertThat(r.diagnostics().waterPixels()).isEqualTo(ref.path("water_pixels").asLong());
    assertThat(r.diagnostics().waterPixels()).isPositive();
    byte[] expected = maskBytes(refMask);
    assertThat(expected).hasSize(w * h);
    int differ = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (r.maskAt(x, y) != (expected[y * w + x] & 0xFF)) {
          differ++;
        }
      }
    }
    assertThat(differ).as("pixels whose mask differs from the reference").isZero();
    // The crop keeps the raster's georeferencing: same CRS, origin at the window's corner.
    assertThat(r.geoTransform().get(0)).isCloseTo(ulx, within(1e-6));
    assertThat(r.geoTransform().get(3)).isCloseTo(uly, within(1e-6));
  }

  /** The NAIP scene warped to SIRGAS 2000 / UTM 14N (nearest neighbour, nodata 0). */
  private Path sirgasCopy() throws Exception {
    Path naip = Scenes.data().resolve("naip-lakes/naip_2020.tif");
    Path copy = tmp.resolve("naip_sirgas.tif");
    if (!Files.exists(copy)) {
      run(
          "gdalwarp",
          "-q",
          "-t_srs",
          "EPSG:31968",
          "-r",
          "near",
          "-dstnodata",
          "0",
          "-co",
          "COMPRESS=DEFLATE",
          "-co",
          "TILED=YES",
          naip.toString(),
          copy.toString());
    }
    return copy;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.10f", v);
  }

  /** GDAL's geotransform: x0, pixel width, 0, y0, 0, -pixel height. */
  private static double[] geoTransform(Path raster) throws Exception {
    JsonNode gt =
        Json.parse(run("gdalinfo", "-json", raster.toString()), "gdalinfo").path("geoTransform");
    double[] g = new double[6];
    for (int i = 0; i < 6; i++) {
      g[i] = gt.get(i).asDouble();
    }
    return g;
  }

  private static byte[] maskBytes(Path mask) throws Exception {
    Path raw = mask.resolveSibling(mask.getFileName() + ".bin");
    run(
        "/usr/bin/python3",
        "-c",
        "import rasterio,sys; open(sys.argv[2],'wb').write(rasterio.open(sys.argv[1]).read(1)"
            + ".tobytes())",
        mask.toString(),
        raw.toString());
    return Files.readAllBytes(raw);
  }

  private static String run(String... cmd) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run " + cmd[0] + " (needs Debian gdal-bin and python3-rasterio): " + e, e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out + err);
    }
    return out;
  }
}
