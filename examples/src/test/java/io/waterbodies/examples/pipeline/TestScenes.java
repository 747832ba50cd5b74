package io.waterbodies.examples.pipeline;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.detection.Aoi;
import io.waterbodies.detection.BandRef;
import io.waterbodies.detection.DetectionInput;
import io.waterbodies.detection.DetectionOutputs;
import io.waterbodies.detection.WaterDetector;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Band;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * STAC Items over the real Landsat 8 Florida rasters of {@code ../shared/data} (green B3, nir B5,
 * EPSG:32616), and the direct detection every pipeline result must equal.
 */
final class TestScenes {
  static final String COLLECTION = "landsat-c2-l1";

  /** A WGS 84 area inside the Florida scene (about half of it). */
  static final String AOI = "-87.45,30.67,-87.33,30.78";

  private TestScenes() {}

  static Path data() {
    return Path.of(System.getProperty("waterbodies.shared", "../../shared")).resolve("data");
  }

  static Path green() {
    return data().resolve("landsat8-florida/B3.tif");
  }

  static Path nir() {
    return data().resolve("landsat8-florida/B5.tif");
  }

  /** An Item named {@code id} with green and nir assets at the given files. */
  static Item item(String id, Path green, Path nir) {
    return Item.builder(id)
        .collection(COLLECTION)
        .geometryFromBbox(Bbox.of(-87.497, 30.646, -87.299, 30.81))
        .datetime(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(6)))
        .asset("green", band(green, "B3", "green"))
        .asset("nir", band(nir, "B5", "nir"))
        .build();
  }

  /** An Item over the Florida scene. */
  static Item florida(String id) {
    return item(id, green(), nir());
  }

  /** An Item whose nir asset is a TIFF cut off after 2 kB (in {@code dir}). */
  static Item truncatedNir(String id, Path dir) throws IOException {
    Path bad = dir.resolve(id + "-B5.tif");
    byte[] all = Files.readAllBytes(nir());
    Files.write(bad, java.util.Arrays.copyOf(all, 2048));
    return item(id, green(), bad);
  }

  /** An Item with a green asset only. */
  static Item withoutNir(String id) {
    return Item.builder(id)
        .collection(COLLECTION)
        .geometryFromBbox(Bbox.of(-87.497, 30.646, -87.299, 30.81))
        .datetime(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(6)))
        .asset("green", band(green(), "B3", "green"))
        .build();
  }

  private static Asset band(Path file, String name, String common) {
    return Asset.builder(file.toAbsolutePath().toUri().toString())
        .type("image/tiff; application=geotiff")
        .roles("data")
        .bands(List.of(Band.builder().name(name).commonName(common).build()))
        .build();
  }

  /** The mask bytes of WaterDetector run directly on the Florida scene within {@link #AOI}. */
  static byte[] directMask(Path dir) throws IOException {
    DetectionInput in =
        DetectionInput.ndwi(BandRef.of(green()), BandRef.of(nir()))
            .withAoi(Aoi.parse(AOI, "EPSG:4326"));
    DetectionOutputs.WrittenFiles f =
        DetectionOutputs.write(WaterDetector.builder().build().detect(in), dir);
    return Files.readAllBytes(f.mask());
  }

  static List<String> ids(List<Item> items) {
    return items.stream().map(Item::id).toList();
  }
}
