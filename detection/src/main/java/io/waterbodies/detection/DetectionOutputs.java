package io.waterbodies.detection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.detection.internal.TiffWriter;
import io.waterbodies.stac.catalog.CatalogWriter;
import io.waterbodies.stac.ext.FileExtension;
import io.waterbodies.stac.ext.ProjectionExtension;
import io.waterbodies.stac.ext.RasterExtension;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Band;
import io.waterbodies.stac.model.Catalog;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a {@link DetectionResult}: {@code mask.tif} (uint8 GeoTIFF, tiled 256, deflate,
 * GDAL_NODATA 255, the source's georeferencing), {@code diagnostics.json}, {@code quicklook.png},
 * and on request a result STAC Item in a self-contained catalog.
 */
public final class DetectionOutputs {
  /** File name of the mask. */
  public static final String MASK = "mask.tif";

  /** File name of the diagnostics. */
  public static final String DIAGNOSTICS = "diagnostics.json";

  /** File name of the quicklook. */
  public static final String QUICKLOOK = "quicklook.png";

  private DetectionOutputs() {}

  /**
   * The files written for one result.
   *
   * @param mask the mask GeoTIFF
   * @param diagnostics the diagnostics JSON
   * @param quicklook the PNG quicklook
   */
  public record WrittenFiles(Path mask, Path diagnostics, Path quicklook) {}

  /**
   * Writes mask, diagnostics and quicklook into {@code dir} (created when missing).
   *
   * @throws DetectionException when a file cannot be written
   */
  public static WrittenFiles write(DetectionResult result, Path dir) {
    Path mask = dir.resolve(MASK);
    Path diag = dir.resolve(DIAGNOSTICS);
    Path ql = dir.resolve(QUICKLOOK);
    try {
      Files.createDirectories(dir);
      // The quicklook PNG and the diagnostics' JSON objects are made on another thread while the
      // mask's tiles are deflated: both are single-threaded, and their first use in a JVM
      // (ImageIO's
      // registry, Jackson's mapper) costs more than encoding them.
      java.util.concurrent.FutureTask<ObjectNode> side =
          new java.util.concurrent.FutureTask<>(
              () -> {
                ImageIO.write(result.quicklook(), "png", ql.toFile());
                return diagnosticsJson(result.diagnostics(), -1);
              });
      io.waterbodies.core.concurrent.DaemonThreads.newThread("detect-outputs", side).start();
      long t0 = System.nanoTime();
      TiffWriter.writeUint8(mask, result.maskArray(), result.grid(), 255);
      long writeMs = (System.nanoTime() - t0) / 1_000_000;
      ObjectNode json = sideResult(side);
      ((ObjectNode) json.get("timings_ms")).put("write_mask", writeMs);
      Files.writeString(diag, Json.write(json, true) + "\n");
    } catch (IOException e) {
      throw new DetectionException(
          "cannot write outputs: " + e.getMessage(), dir.toString(), null, e);
    }
    return new WrittenFiles(mask, diag, ql);
  }

  /**
   * The side task's diagnostics once it is done, its failure rethrown on this thread (an {@link
   * IOException} as such).
   */
  private static ObjectNode sideResult(java.util.concurrent.FutureTask<ObjectNode> side)
      throws IOException {
    try {
      return side.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DetectionException("interrupted while writing outputs", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new DetectionException("cannot write outputs: " + e.getCause(), e.getCause());
    }
  }

  /** The diagnostics as the JSON object written to {@code diagnostics.json}. */
  public static ObjectNode diagnosticsJson(Diagnostics d, long writeMs) {
    ObjectNode o = Json.object();
    o.put("width", d.width());
    o.put("height", d.height());
    o.put("valid_pixels", d.validPixels());
    o.put("water_pixels", d.waterPixels());
    o.put("water_fraction", d.waterFraction());
    o.put("water_area_m2", d.waterAreaM2());
    o.put("threshold", d.threshold());
    o.put("ndwi_min", d.ndwiMin());
    o.put("ndwi_max", d.ndwiMax());
    ObjectNode h = o.putObject("histogram");
    ArrayNode edges = h.putArray("edges");
    d.histogramEdges().forEach(edges::add);
    ArrayNode counts = h.putArray("counts");
    d.histogramCounts().forEach(counts::add);
    ObjectNode g = o.putObject("guard");
    g.put("decision", d.guard());
    g.put("positive_fraction", d.positiveFraction());
    ObjectNode t = o.putObject("timings_ms");
    for (Map.Entry<String, Long> e : new java.util.TreeMap<>(d.timingsMs()).entrySet()) {
      t.put(e.getKey(), e.getValue());
    }
    if (writeMs >= 0) {
      t.put("write_mask", writeMs);
    }
    return o;
  }

  /**
   * Builds the result Item for a mask already written at {@code maskFile}: the source item's id and
   * datetime, asset {@code data} (roles data and visual) with projection, raster and file fields
   * (size and SHA-256 multihash).
   */
  public static Item resultItem(
      DetectionResult result, Path maskFile, String sourceId, Instant datetime) {
    long size;
    byte[] digest;
    try (InputStream in = Files.newInputStream(maskFile)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      digest = md.digest();
      size = Files.size(maskFile);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new DetectionException(
          "cannot read mask for checksum: " + e.getMessage(), maskFile.toString(), null, e);
    }
    Asset.Builder ab =
        Asset.builder(maskFile.toAbsolutePath().toUri().toString())
            .type("image/tiff; application=geotiff")
            .title("Water mask (1 water, 0 not water, 255 nodata)")
            .roles("data", "visual");
    ProjectionExtension.Writer pw = ProjectionExtension.write(ab);
    result.epsg().ifPresent(pw::epsg);
    List<Double> gt = result.geoTransform();
    pw.shape(result.height(), result.width())
        .transform(gt.get(1), gt.get(2), gt.get(0), gt.get(4), gt.get(5), gt.get(3));
    RasterExtension.write(ab)
        .bands(
            List.of(
                Band.builder()
                    .nodata(255)
                    .dataType("uint8")
                    .field(
                        "spatial_resolution",
                        Json.mapper().getNodeFactory().numberNode(Math.abs(gt.get(1))))
                    .build()));
    FileExtension.write(ab).size(size).sha256(digest);
    Item.Builder ib =
        Item.builder(sourceId)
            .datetime(datetime)
            .stacExtension(ProjectionExtension.SCHEMA_V1_1)
            .stacExtension(RasterExtension.SCHEMA_V1_1)
            .stacExtension(FileExtension.SCHEMA_V2_1)
            .asset("data", ab.build());
    result.wgs84Bbox().ifPresent(ib::geometryFromBbox);
    Diagnostics d = result.diagnostics();
    ib.property("water:threshold", Json.mapper().getNodeFactory().numberNode(d.threshold()));
    ib.property("water:fraction", Json.mapper().getNodeFactory().numberNode(d.waterFraction()));
    ib.property("water:guard", Json.mapper().getNodeFactory().textNode(d.guard()));
    return ib.build();
  }

  /**
   * The result Item of {@link #resultItem(DetectionResult, Path, String, Instant)} with the
   * diagnostics ({@code diagnostics}, role metadata) and the quicklook ({@code quicklook}, role
   * overview) as assets beside the mask.
   */
  public static Item resultItem(
      DetectionResult result, WrittenFiles files, String sourceId, Instant datetime) {
    Item mask = resultItem(result, files.mask(), sourceId, datetime);
    return mask.toBuilder()
        .asset(
            "diagnostics",
            Asset.builder(files.diagnostics().toAbsolutePath().toUri().toString())
                .type("application/json")
                .title("Detection diagnostics (threshold, pixel counts, timings)")
                .roles("metadata")
                .build())
        .asset(
            "quicklook",
            Asset.builder(files.quicklook().toAbsolutePath().toUri().toString())
                .type("image/png")
                .title("Quicklook of the mask")
                .roles("overview")
                .build())
        .build();
  }

  /**
   * Writes mask, diagnostics, quicklook and a self-contained catalog ({@code catalog.json}, {@code
   * <item id>/<item id>.json} and the mask beside it) into {@code dir}.
   *
   * @return the path of {@code catalog.json}
   */
  public static Path writeCatalog(
      DetectionResult result, Path dir, String sourceId, Instant datetime) {
    WrittenFiles files = write(result, dir);
    return writeCatalog(
        List.of(resultItem(result, files, sourceId, datetime)),
        dir,
        "Water detection for " + sourceId);
  }

  /**
   * Writes a self-contained catalog ({@code catalog.json}, {@code <item id>/<item id>.json} with
   * its assets beside it) of result Items already written into {@code dir}.
   *
   * @return the path of {@code catalog.json}
   */
  public static Path writeCatalog(List<Item> results, Path dir, String title) {
    Catalog root =
        Catalog.builder("water-detection", "Water masks detected by waterbodies")
            .title(title)
            .build();
    try {
      return CatalogWriter.selfContained().write(root, results, dir);
    } catch (io.waterbodies.core.WaterbodiesException e) {
      throw new DetectionException(
          "cannot write catalog: " + e.getMessage(), dir.toString(), null, e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
