package io.waterbodies.examples.cli;

import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.core.json.Json;
import io.waterbodies.detection.Aoi;
import io.waterbodies.detection.BandRef;
import io.waterbodies.detection.DetectionInput;
import io.waterbodies.detection.DetectionOutputs;
import io.waterbodies.detection.DetectionResult;
import io.waterbodies.detection.Diagnostics;
import io.waterbodies.detection.HrefResolver;
import io.waterbodies.detection.Index;
import io.waterbodies.detection.ItemBands;
import io.waterbodies.detection.Threshold;
import io.waterbodies.detection.WaterDetector;
import io.waterbodies.detection.WaterGuard;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Item;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code waterbodies detect}: NDWI/MNDWI water detection on GeoTIFF bands or a STAC Item. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Detect water: writes DIR/mask.tif, DIR/diagnostics.json, DIR/quicklook.png"
          + " (and a STAC catalog with --item).",
      "  detect --green FILE|URL[:BAND] --nir FILE|URL[:BAND] --out DIR",
      "  (http(s) URLs are read with range requests, as COGs: deflate or uncompressed)",
      "  detect --item ITEM.json|URL [--item ...] [--asset-root DIR] --out DIR",
      "  (relative asset hrefs resolve against the Item's location; with several Items each"
          + " result goes to DIR/<item id>/, all in one catalog)"
    })
final class DetectCommand implements Callable<Integer> {
  private static final Pattern URL_SCHEME = Pattern.compile("(?i)(https?|file):");

  @Spec CommandSpec spec;

  @Option(names = "--green", paramLabel = "FILE|URL[:BAND]", description = "Green band.")
  String green;

  @Option(names = "--nir", paramLabel = "FILE|URL[:BAND]", description = "NIR band (NDWI).")
  String nir;

  @Option(
      names = "--swir",
      paramLabel = "FILE|URL[:BAND]",
      description = "SWIR 1.6 um band (MNDWI).")
  String swir;

  @Option(
      names = "--scl",
      paramLabel = "FILE",
      description = "Sentinel-2 SCL band; 3,8,9,10 masked.")
  String scl;

  @Option(
      names = "--item",
      paramLabel = "ITEM.json|URL",
      description = "Pick bands from a STAC Item (a file or a URL; repeatable).")
  List<String> items = new ArrayList<>();

  @Option(
      names = "--asset-root",
      paramLabel = "DIR",
      description =
          "Map every asset href of --item to the file of the same name in DIR"
              + " (default: file hrefs as they are, http(s) hrefs read remotely).")
  Path assetRoot;

  @Option(names = "--nodata", paramLabel = "N", defaultValue = "0", description = "Input nodata.")
  double nodata;

  @Option(names = "--aoi", paramLabel = "minx,miny,maxx,maxy", description = "Area of interest.")
  String aoi;

  @Option(names = "--aoi-crs", defaultValue = "EPSG:4326", description = "CRS of --aoi.")
  String aoiCrs;

  @Option(names = "--index", defaultValue = "ndwi", description = "ndwi or mndwi.")
  String index;

  @Option(names = "--threshold", defaultValue = "otsu", description = "otsu or a number.")
  String threshold;

  @Option(names = "--guard", description = "No-water guard (index > 0 presence test).")
  boolean guard;

  @Option(
      names = "--overview",
      paramLabel = "N",
      defaultValue = "0",
      description = "Read overview level N of the GeoTIFFs (0 = full resolution; NDWI).")
  int overview;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Override
  public Integer call() {
    long jvmStartMs = StageTimes.jvmUptimeMs();
    prepareWriters();
    Index idx;
    Threshold thr;
    Optional<Aoi> area;
    try {
      idx = Index.valueOf(index.toUpperCase(Locale.ROOT));
      thr = Threshold.parse(threshold);
      area = aoi == null ? Optional.empty() : Optional.of(Aoi.parse(aoi, aoiCrs));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    WaterDetector detector =
        WaterDetector.builder()
            .index(idx)
            .threshold(thr)
            .guard(guard ? WaterGuard.positiveIndex() : WaterGuard.none())
            .nodata(nodata)
            .build();
    if (items.isEmpty()) {
      DetectionResult r = detector.detect(bandsInput(idx, area));
      long w0 = System.nanoTime();
      DetectionOutputs.write(r, out);
      report(r.diagnostics(), out, jvmStartMs, (System.nanoTime() - w0) / 1_000_000);
      return 0;
    }
    if (green != null || nir != null || swir != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--item and --green/--nir/--swir are exclusive");
    }
    HrefResolver resolver =
        assetRoot != null ? HrefResolver.byFileName(assetRoot) : HrefResolver.remote();
    List<Item> results = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String ref : items) {
      Item source = readItem(ref);
      DetectionInput input = ItemBands.select(source, idx, resolver);
      DetectionResult r = detector.detect(withOptions(input, area));
      Path dir = items.size() == 1 ? out : out.resolve(source.id());
      long w0 = System.nanoTime();
      DetectionOutputs.WrittenFiles files = DetectionOutputs.write(r, dir);
      long writeMs = (System.nanoTime() - w0) / 1_000_000;
      results.add(
          DetectionOutputs.resultItem(
              r, files, source.id(), source.datetime().orElse(Instant.EPOCH)));
      ids.add(source.id());
      report(r.diagnostics(), dir, jvmStartMs, writeMs);
    }
    DetectionOutputs.writeCatalog(results, out, "Water detection for " + String.join(", ", ids));
    return 0;
  }

  /**
   * Loads what writing the outputs needs first in a fresh JVM - ImageIO's plugin registry and PNG
   * encoder, the JSON mapper - on a daemon thread while the bands are read: about 0.4 CPU-seconds
   * that otherwise come, single-threaded, after the detection.
   */
  private static void prepareWriters() {
    DaemonThreads.newThread(
            "detect-prepare-writers",
            () -> {
              try {
                javax.imageio.ImageIO.write(
                    new java.awt.image.BufferedImage(
                        1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB),
                    "png",
                    java.io.OutputStream.nullOutputStream());
                Json.write(Json.object().put("ready", 1.5), true);
              } catch (java.io.IOException | RuntimeException e) {
                // Only a head start: the real write reports its own errors.
              }
            })
        .start();
  }

  /** A file path, or a URL (http, https, file) of a STAC Item. */
  private static Item readItem(String ref) {
    if (URL_SCHEME.matcher(ref).lookingAt()) {
      return StacReader.create().readItem(URI.create(ref));
    }
    return StacReader.create().readItem(Path.of(ref));
  }

  private DetectionInput bandsInput(Index idx, Optional<Aoi> area) {
    if (green == null || (idx == Index.NDWI ? nir == null : swir == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          idx == Index.NDWI
              ? "give --green and --nir (or --item)"
              : "give --green and --swir (or --item)");
    }
    return withOptions(
        new DetectionInput(
            BandRef.parse(green),
            Optional.ofNullable(nir).map(BandRef::parse),
            Optional.ofNullable(swir).map(BandRef::parse),
            Optional.empty(),
            Optional.empty()),
        area);
  }

  private DetectionInput withOptions(DetectionInput input, Optional<Aoi> area) {
    if (scl != null) {
      input = input.withScl(BandRef.parse(scl));
    }
    if (area.isPresent()) {
      input = input.withAoi(area.get());
    }
    if (overview > 0) {
      input = input.withOverview(overview);
    }
    return input;
  }

  private void report(Diagnostics d, Path dir, long jvmStartMs, long writeMs) {
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%dx%d px, water %d of %d valid (%.2f %%), threshold %.6f, guard %s -> %s%n",
            d.width(),
            d.height(),
            d.waterPixels(),
            d.validPixels(),
            100 * d.waterFraction(),
            d.threshold(),
            d.guard(),
            dir);
    spec.commandLine().getOut().println(StageTimes.line(jvmStartMs, d, writeMs));
    spec.commandLine().getOut().flush();
  }
}
