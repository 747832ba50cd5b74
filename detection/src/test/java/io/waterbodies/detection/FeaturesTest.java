package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.TiffDirectory;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guard, AOI crop, SCL masking, MNDWI resampling and the catalog output. */
class FeaturesTest {
  @TempDir Path tmp;

  private static Path desert(String name) {
    return Scenes.data().resolve("s2-29RKH-desert").resolve(name);
  }

  @Test
  void guardEmptiesTheDesertAndLeavesWaterScenesUnchanged() throws Exception {
    WaterDetector plain = WaterDetector.builder().build();
    WaterDetector guarded = WaterDetector.builder().guard(WaterGuard.positiveIndex()).build();
    for (Scenes.Scene s : Scenes.all()) {
      DetectionInput in = DetectionInput.ndwi(s.green(), s.nir());
      DetectionResult a = plain.detect(in);
      DetectionResult b = guarded.detect(in);
      if (s.folder().contains("desert")) {
        assertThat(a.diagnostics().waterFraction()).isGreaterThan(0.3);
        assertThat(b.diagnostics().waterFraction()).as(s.folder()).isLessThan(0.01);
        assertThat(b.diagnostics().guard()).isEqualTo("no_water");
      } else {
        assertThat(b.mask()).as(s.folder()).isEqualTo(a.mask());
        assertThat(b.diagnostics().guard()).isEqualTo("passed");
        assertThat(a.diagnostics().guard()).isEqualTo("disabled");
      }
    }
  }

  @Test
  void fixedThreshold() {
    Path naip = Scenes.data().resolve("naip-lakes/naip_2020.tif");
    DetectionResult r =
        WaterDetector.builder()
            .threshold(Threshold.fixed(0.5))
            .build()
            .detect(DetectionInput.ndwi(new BandRef(naip, 2), new BandRef(naip, 4)));
    assertThat(r.threshold()).isEqualTo(0.5);
    assertThat(r.diagnostics().waterPixels()).isPositive().isLessThan(170058);
  }

  @Test
  void aoiCropsToTheCoveringWindowWithShiftedGeoreferencing() throws Exception {
    Path naip = Scenes.data().resolve("naip-lakes/naip_2020.tif");
    GeoGrid full = GeoGrid.of(TiffDirectory.read(naip));
    // A box in the raster's own CRS (EPSG:26914): 100 x 50 pixels from pixel (200, 300).
    double[] t = full.transform();
    double minx = t[0] + 200 * t[1];
    double maxy = t[3] + 300 * t[5];
    Aoi aoi = new Aoi(minx, maxy + 50 * t[5], minx + 100 * t[1], maxy, "EPSG:26914");
    DetectionResult r =
        WaterDetector.builder()
            .build()
            .detect(DetectionInput.ndwi(new BandRef(naip, 2), new BandRef(naip, 4)).withAoi(aoi));
    assertThat(r.width()).isEqualTo(100);
    assertThat(r.height()).isEqualTo(50);
    assertThat(r.geoTransform().get(0)).isEqualTo(minx);
    assertThat(r.geoTransform().get(3)).isEqualTo(maxy);
    DetectionOutputs.write(r, tmp);
    GeoGrid written = GeoGrid.of(TiffDirectory.read(tmp.resolve("mask.tif")));
    assertThat(written.transform()[0]).isEqualTo(minx);
    assertThat(written.transform()[3]).isEqualTo(maxy);
    assertThat(written.epsg()).isEqualTo(26914);

    // The same area in WGS 84 gives a covering window; pixels outside the box are nodata.
    DetectionResult w =
        WaterDetector.builder()
            .build()
            .detect(
                DetectionInput.ndwi(new BandRef(naip, 2), new BandRef(naip, 4))
                    .withAoi(Aoi.wgs84(-99.19, 47.02, -99.17, 47.03)));
    assertThat(w.width()).isLessThan(full.width());
    assertThat(w.height()).isLessThan(full.height());
    assertThat(w.diagnostics().validPixels()).isPositive();
    assertThat(w.wgs84Bbox()).isPresent();
  }

  @Test
  void sclClassesAreMasked() {
    DetectionInput in =
        DetectionInput.ndwi(BandRef.of(desert("B03.tif")), BandRef.of(desert("B08.tif")));
    DetectionResult plain = WaterDetector.builder().build().detect(in);
    DetectionResult masked =
        WaterDetector.builder().build().detect(in.withScl(BandRef.of(desert("SCL.tif"))));
    // The tile has 4 % cloud: masking removes valid pixels but keeps most.
    assertThat(masked.diagnostics().validPixels())
        .isLessThan(plain.diagnostics().validPixels())
        .isGreaterThan(plain.diagnostics().validPixels() / 2);
  }

  @Test
  void mndwiResamplesTheSwirBandByNearestNeighbour() {
    // SCL (200 m) stands in for a coarser second band: each 100 m pixel takes its 200 m parent.
    DetectionResult r =
        WaterDetector.builder()
            .index(Index.MNDWI)
            .build()
            .detect(
                new DetectionInput(
                    BandRef.of(desert("B03.tif")),
                    java.util.Optional.empty(),
                    java.util.Optional.of(BandRef.of(desert("SCL.tif"))),
                    java.util.Optional.empty(),
                    java.util.Optional.empty()));
    assertThat(r.width()).isEqualTo(1098);
    assertThat(r.diagnostics().validPixels()).isPositive();
  }

  @Test
  void itemInCatalogOutWithChecksum() throws Exception {
    Item source = StacReader.create().readItem(desert("item.json"));
    DetectionInput in =
        ItemBands.select(
            source, Index.NDWI, HrefResolver.byFileName(Scenes.data().resolve("s2-29RKH-desert")));
    assertThat(in.green().file().getFileName().toString()).isEqualTo("B03.tif");
    assertThat(in.nir().orElseThrow().file().getFileName().toString()).isEqualTo("B08.tif");
    DetectionResult r =
        WaterDetector.builder().guard(WaterGuard.positiveIndex()).build().detect(in);
    Path catalog =
        DetectionOutputs.writeCatalog(r, tmp, source.id(), source.datetime().orElseThrow());
    assertThat(catalog).exists();
    Path itemFile = tmp.resolve(source.id()).resolve(source.id() + ".json");
    JsonNode item = Json.mapper().readTree(itemFile.toFile());
    assertThat(item.path("id").asText()).isEqualTo(source.id());
    assertThat(item.path("properties").path("datetime").asText())
        .isEqualTo("2020-02-19T11:34:25.405Z");
    JsonNode data = item.path("assets").path("data");
    assertThat(data.path("roles").toString()).contains("data").contains("visual");
    assertThat(data.path("proj:epsg").asInt()).isEqualTo(32629);
    assertThat(data.path("proj:shape").toString()).isEqualTo("[1098,1098]");
    Path mask = itemFile.resolveSibling(data.path("href").asText());
    byte[] bytes = Files.readAllBytes(mask);
    assertThat(data.path("file:size").asLong()).isEqualTo(bytes.length);
    assertThat(data.path("file:checksum").asText())
        .isEqualTo(
            "1220" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(item.path("stac_extensions").toString()).contains("projection", "raster", "file");
    JsonNode diag = Json.mapper().readTree(tmp.resolve("diagnostics.json").toFile());
    for (String k :
        List.of(
            "width",
            "height",
            "valid_pixels",
            "water_pixels",
            "water_fraction",
            "water_area_m2",
            "threshold",
            "ndwi_min",
            "ndwi_max",
            "histogram",
            "guard",
            "timings_ms")) {
      assertThat(diag.has(k)).as(k).isTrue();
    }
    assertThat(diag.path("histogram").path("counts").size()).isEqualTo(256);
    assertThat(javax.imageio.ImageIO.read(tmp.resolve("quicklook.png").toFile()).getWidth())
        .isPositive();
  }
}
