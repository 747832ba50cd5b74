package io.waterbodies.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.detection.DetectionResult;
import io.waterbodies.detection.Diagnostics;
import io.waterbodies.detection.HrefResolver;
import io.waterbodies.detection.Index;
import io.waterbodies.detection.ItemBands;
import io.waterbodies.detection.WaterDetector;
import io.waterbodies.stac.ext.EoExtension;
import io.waterbodies.stac.ext.ProjectionExtension;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.validation.Finding;
import io.waterbodies.stac.validation.StacValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic scene is a valid GeoTIFF pair for GDAL and for our reader, its Item is valid STAC
 * 1.1, and detection on it agrees with the Python reference and finds a plausible amount of water.
 */
class SyntheticSceneTest {
  @TempDir static Path tmp;
  static Path dir;
  static Item item;

  @BeforeAll
  static void writeDefaultScene() {
    dir = tmp.resolve("scene");
    item = SyntheticScene.builder().build().writeTo(dir);
  }

  @Test
  void gdalReadsTheBandsWithTheirCrsGridAndNodata() throws Exception {
    for (String band : List.of(SyntheticScene.GREEN, SyntheticScene.NIR)) {
      JsonNode info =
          Json.mapper().readTree(run("gdalinfo", "-json", "-stats", dir.resolve(band).toString()));
      assertThat(info.path("size").toString()).isEqualTo("[1000,1000]");
      assertThat(info.path("coordinateSystem").path("wkt").asText())
          .contains("UTM zone 33N")
          .contains("ID[\"EPSG\",32633]");
      List<Double> gt =
          Json.mapper()
              .convertValue(
                  info.path("geoTransform"),
                  Json.mapper().getTypeFactory().constructCollectionType(List.class, Double.class));
      assertThat(gt).containsExactly(400000.0, 10.0, 0.0, 5800000.0, 0.0, -10.0);
      JsonNode b = info.path("bands").path(0);
      assertThat(b.path("type").asText()).isEqualTo("UInt16");
      assertThat(b.path("noDataValue").asDouble()).isZero();
      assertThat(b.path("block").toString()).isEqualTo("[256,256]");
      assertThat(b.path("minimum").asDouble()).isPositive();
      assertThat(info.path("metadata").path("IMAGE_STRUCTURE").path("COMPRESSION").asText())
          .isEqualTo("DEFLATE");
    }
  }

  @Test
  void detectionMatchesTheReferenceAndFindsTheLakeAndRiver() throws Exception {
    DetectionResult r =
        WaterDetector.builder()
            .build()
            .detect(ItemBands.select(item, Index.NDWI, HrefResolver.localFiles()));
    Diagnostics d = r.diagnostics();

    JsonNode ref =
        Json.mapper()
            .readTree(
                run(
                    "/usr/bin/python3",
                    shared().resolve("tools/reference_water.py").toString(),
                    "--green",
                    dir.resolve(SyntheticScene.GREEN).toString(),
                    "--nir",
                    dir.resolve(SyntheticScene.NIR).toString()));
    assertThat(d.threshold()).isCloseTo(ref.path("threshold").asDouble(), within(1e-6));
    assertThat(d.validPixels()).isEqualTo(ref.path("valid_pixels").asLong());
    assertThat(d.waterPixels()).isEqualTo(ref.path("water_pixels").asLong());

    // A bimodal scene: land far below zero, water above, Otsu in between; the swath corner is
    // nodata.
    assertThat(d.validPixels()).isLessThan(1_000_000).isGreaterThan(980_000);
    assertThat(d.ndwiMin()).isLessThan(-0.5);
    assertThat(d.ndwiMax()).isGreaterThan(0.4);
    assertThat(d.threshold()).isBetween(-0.4, 0.3);
    assertThat(d.waterFraction()).isBetween(0.02, 0.15);
    assertThat(r.epsg()).hasValue(32633);
  }

  @Test
  void itemIsValidStac11WithCommonNamesProjectionAndWgs84Footprint() {
    Item onDisk = StacReader.builder().build().readItem(dir.resolve(SyntheticScene.ITEM));
    assertThat(onDisk.id()).isEqualTo("synthetic-1");
    assertThat(onDisk.stacVersion()).isEqualTo("1.1.0");
    assertThat(onDisk.collection()).hasValue(SyntheticScene.DEFAULT_COLLECTION);
    assertThat(onDisk.datetime())
        .hasValueSatisfying(t -> assertThat(t).hasToString("2024-06-15T10:20:00Z"));
    assertThat(EoExtension.of(onDisk.asset("green").orElseThrow()).firstCommonName())
        .hasValue("green");
    assertThat(EoExtension.of(onDisk.asset("nir").orElseThrow()).firstCommonName()).hasValue("nir");
    assertThat(ProjectionExtension.of(onDisk).code()).hasValue("EPSG:32633");
    assertThat(onDisk.assetHref("green").orElseThrow())
        .isEqualTo(dir.resolve(SyntheticScene.GREEN).toAbsolutePath().toUri());
    // 400000 E 5800000 N in UTM 33N is about 13.53 E, 52.34 N; the scene spans 10 km.
    var bbox = onDisk.bbox().orElseThrow();
    assertThat(bbox.west()).isCloseTo(13.53, within(0.02));
    assertThat(bbox.north()).isCloseTo(52.34, within(0.02));
    assertThat(bbox.east() - bbox.west()).isCloseTo(0.147, within(0.01));
    assertThat(bbox.north() - bbox.south()).isCloseTo(0.09, within(0.005));

    StacValidator validator =
        StacValidator.builder().schemas(shared().resolve("schemas/stac")).build();
    for (String doc : List.of(SyntheticScene.ITEM, SyntheticScene.COLLECTION)) {
      List<Finding> errors =
          validator.validate(dir.resolve(doc)).stream()
              .filter(f -> f.severity() == Finding.Severity.ERROR)
              .toList();
      assertThat(errors).as(doc).isEmpty();
    }
  }

  @Test
  void sameSeedSameScene_otherSeedOtherScene() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Path c = tmp.resolve("c");
    SyntheticScene.builder().size(128).seed(5).build().writeTo(a);
    SyntheticScene.builder().size(128).seed(5).build().writeTo(b);
    SyntheticScene.builder().size(128).seed(6).build().writeTo(c);
    byte[] ga = Files.readAllBytes(a.resolve(SyntheticScene.GREEN));
    assertThat(Files.readAllBytes(b.resolve(SyntheticScene.GREEN))).isEqualTo(ga);
    assertThat(Files.readAllBytes(c.resolve(SyntheticScene.GREEN))).isNotEqualTo(ga);
  }

  static Path shared() {
    return Path.of(System.getProperty("waterbodies.shared", "../../shared"));
  }

  private static String run(String... cmd) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run "
              + cmd[0]
              + " (scripts/prereqs.sh installs gdal-bin and the reference's"
              + " python3 packages): "
              + e,
          e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}
