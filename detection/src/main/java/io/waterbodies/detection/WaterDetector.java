package io.waterbodies.detection;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.detection.internal.AoiWindow;
import io.waterbodies.detection.internal.EpsgDataset;
import io.waterbodies.detection.internal.Footprints;
import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.NdwiKernel;
import io.waterbodies.detection.internal.Quicklooks;
import io.waterbodies.detection.internal.RemoteSources;
import io.waterbodies.detection.internal.SisBandReader;
import io.waterbodies.detection.internal.StripIndexPass;
import io.waterbodies.detection.internal.TiffDirectory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects water on GeoTIFF bands: reads the (cropped) bands strip by strip, two bands in parallel
 * (plain deflate/uncompressed GeoTIFFs through the internal TIFF reader and block decoder; Apache
 * SIS for an AOI, other codecs and the WGS 84 footprint), computes NDWI or MNDWI in float32 exactly
 * as the Python reference, chooses a threshold (scikit-image compatible Otsu or fixed), applies the
 * optional {@link WaterGuard} and builds the mask. Immutable and thread-safe; build one with {@link
 * #builder()}.
 *
 * <pre>{@code
 * WaterDetector detector = WaterDetector.builder()
 *     .index(Index.NDWI).threshold(Threshold.otsu()).guard(WaterGuard.positiveIndex()).build();
 * DetectionResult r = detector.detect(DetectionInput.ndwi(BandRef.of(b03), BandRef.of(b08)));
 * DetectionOutputs.write(r, outDir);
 * }</pre>
 */
public final class WaterDetector {
  static {
    EpsgDataset.quietDerby();
  }

  private static final Logger LOG = LoggerFactory.getLogger(WaterDetector.class);

  private final Index index;
  private final Threshold threshold;
  private final WaterGuard guard;
  private final double nodata;
  private final boolean useNodata;

  private WaterDetector(Builder b) {
    this.index = b.index;
    this.threshold = b.threshold;
    this.guard = b.guard;
    this.nodata = b.nodata;
    this.useNodata = b.useNodata;
  }

  /** A builder with the defaults: NDWI, Otsu, no guard, nodata 0 (as the reference). */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link WaterDetector}. */
  public static final class Builder {
    private Index index = Index.NDWI;
    private Threshold threshold = Threshold.otsu();
    private WaterGuard guard = WaterGuard.none();
    private double nodata = 0;
    private boolean useNodata = true;

    private Builder() {}

    /** The water index. */
    public Builder index(Index value) {
      this.index = java.util.Objects.requireNonNull(value, "index");
      return this;
    }

    /** The threshold rule. */
    public Builder threshold(Threshold value) {
      this.threshold = java.util.Objects.requireNonNull(value, "threshold");
      return this;
    }

    /** The no-water guard. */
    public Builder guard(WaterGuard value) {
      this.guard = java.util.Objects.requireNonNull(value, "guard");
      return this;
    }

    /** The input nodata value (default 0); pixels equal to it in either band are invalid. */
    public Builder nodata(double value) {
      this.nodata = value;
      this.useNodata = true;
      return this;
    }

    /** No input nodata value: only a zero sum makes a pixel invalid. */
    public Builder noNodata() {
      this.useNodata = false;
      return this;
    }

    /** The detector. */
    public WaterDetector build() {
      if (useNodata && Double.isNaN(nodata)) {
        throw new IllegalArgumentException("nodata must be a number; use noNodata() for none");
      }
      return new WaterDetector(this);
    }
  }

  /**
   * Runs the detection.
   *
   * @throws DetectionException (a subclass naming the file and the problem) for unreadable,
   *     unsupported or mismatched inputs, an unusable AOI, or input without valid pixels
   */
  public DetectionResult detect(DetectionInput input) {
    // Every remote file is opened once for the whole call (one header request) and shared by the
    // directory checks, SIS metadata and the pixel readers of each of its bands.
    try (RemoteSources sources = new RemoteSources()) {
      return detect(input, sources);
    }
  }

  private DetectionResult detect(DetectionInput input, RemoteSources sources) {
    long t0 = System.nanoTime();
    BandRef green = input.green();
    BandRef other = otherBand(input);
    int ov = input.overview();
    if (ov > 0 && (index != Index.NDWI || input.scl().isPresent())) {
      throw new UnsupportedRasterException(
          "overview levels are supported for NDWI without SCL only", green.location());
    }
    Grids grids = grids(sources, green, other, ov);
    try (SisBandReader rg = SisBandReader.open(green, true, ov, sources);
        SisBandReader r2 = SisBandReader.open(other, true, ov, sources);
        SisBandReader rs =
            input.scl().isPresent()
                ? SisBandReader.open(input.scl().get(), true, 0, sources)
                : null) {
      GeoGrid gs =
          input.scl().isPresent() ? GeoGrid.of(sources.directory(input.scl().get(), 0)) : null;
      StripIndexPass.Window win = window(input, rg, grids);
      StripIndexPass.Bands bands =
          new StripIndexPass.Bands(rg, r2, index == Index.NDWI ? null : grids.other(), rs, gs);
      Map<String, Long> timings = new LinkedHashMap<>();
      // Opening: the TIFF directories and the AOI window (Apache SIS only for an AOI or a codec
      // the block decoder does not handle).
      timings.put("open", millis(System.nanoTime() - t0));
      StripIndexPass.Result pass = new StripIndexPass(bands, win, (float) nodata, useNodata).run();
      long t1 = System.nanoTime();
      // Stage times: reading (decode and inflate, summed over the reader threads), waiting for a
      // strip that is not read yet, and computing, so that what bounds a run is visible.
      timings.put("read_and_index", millis(t1 - t0));
      timings.put("read_tasks", millis(pass.readNanos()));
      timings.put("read_cpu", millis(pass.readCpuNanos()));
      timings.put("read_wait", millis(pass.waitNanos()));
      timings.put("index", millis(pass.indexNanos()));
      Classified cls = classify(pass, green, other, timings, t1);
      long t3 = System.nanoTime();
      float[] values = pass.values();
      NdwiKernel.Range st = cls.range();
      BufferedImage ql =
          Quicklooks.render(values, cls.mask(), win.width(), win.height(), st.min(), st.max());
      long t4 = System.nanoTime();
      timings.put("quicklook", millis(t4 - t3));
      timings.put("total", millis(t4 - t0));
      Diagnostics diag = diagnostics(win, cls, timings);
      return new DetectionResult(
          cls.mask(), win.grid(), diag, ql, footprint(rg, green, grids, win));
    }
  }

  /** The band paired with green: nir for NDWI, swir16 for MNDWI. */
  private BandRef otherBand(DetectionInput input) {
    BandRef green = input.green();
    if (index == Index.NDWI) {
      return input
          .nir()
          .orElseThrow(() -> new BandSelectionException("NDWI needs a nir band", green.location()));
    }
    return input
        .swir()
        .orElseThrow(
            () -> new BandSelectionException("MNDWI needs a swir16 band", green.location()));
  }

  /**
   * The grids of the two bands at level {@code ov}, and green's full-resolution grid.
   *
   * @param green the green band's grid at the level read
   * @param other the nir or swir band's grid at the level read
   * @param full green's level 0 grid (the same as {@code green} at level 0)
   */
  private record Grids(GeoGrid green, GeoGrid other, GeoGrid full) {
    // Full-resolution pixels per level pixel, to map AOI boxes and footprints.
    double fx() {
      return full.width() / (double) green.width();
    }

    double fy() {
      return full.height() / (double) green.height();
    }
  }

  private Grids grids(RemoteSources sources, BandRef green, BandRef other, int ov) {
    TiffDirectory dg = sources.directory(green, ov);
    TiffDirectory d2 = sources.directory(other, ov);
    checkBand(dg, green);
    checkBand(d2, other);
    GeoGrid gg = overviewGrid(sources, green, dg, ov);
    GeoGrid g2 = overviewGrid(sources, other, d2, ov);
    GeoGrid full = ov > 0 ? GeoGrid.of(sources.directory(green, 0)) : gg;
    if (index == Index.NDWI && !gg.sameGrid(g2)) {
      throw new BandMismatchException(
          "green "
              + green
              + " is "
              + gg.width()
              + "x"
              + gg.height()
              + " but nir "
              + other
              + " is "
              + g2.width()
              + "x"
              + g2.height()
              + " or on another grid; NDWI needs identical grids",
          other.location());
    }
    if (gg.epsg() != g2.epsg()) {
      throw new BandMismatchException(
          "bands are in different CRSs (EPSG " + gg.epsg() + " vs " + g2.epsg() + ")",
          other.location());
    }
    return new Grids(gg, g2, full);
  }

  /** The window of the green grid to read: the AOI's box rounded outwards, or the whole grid. */
  private static StripIndexPass.Window window(DetectionInput input, SisBandReader rg, Grids grids) {
    BandRef green = input.green();
    double[] box =
        input.aoi().isPresent() ? AoiWindow.pixelBox(rg, input.aoi().get(), green) : null;
    if (box != null && input.overview() > 0) {
      double fx = grids.fx();
      double fy = grids.fy();
      box = new double[] {box[0] / fx, box[1] / fy, box[2] / fx, box[3] / fy};
    }
    int[] win = AoiWindow.window(box, grids.green(), green);
    GeoGrid out = grids.green().window(win[0], win[1], win[2], win[3]);
    return new StripIndexPass.Window(win[0], win[1], win[2], win[3], out, box);
  }

  /**
   * The outcome of thresholding the index.
   *
   * @param range the range of the valid index values
   * @param edges the histogram's bin edges
   * @param histogram the histogram of the valid values
   * @param threshold the threshold applied
   * @param decision the guard's decision: disabled, passed or no_water
   * @param positive the fraction of valid pixels with a positive index
   * @param mask the water mask
   * @param water the number of water pixels
   */
  private record Classified(
      NdwiKernel.Range range,
      float[] edges,
      NdwiKernel.Histogram histogram,
      double threshold,
      String decision,
      double positive,
      byte[] mask,
      long water) {}

  /** Histogram, threshold, guard and mask, with their stage times from {@code t1} on. */
  private Classified classify(
      StripIndexPass.Result pass,
      BandRef green,
      BandRef other,
      Map<String, Long> timings,
      long t1) {
    float[] values = pass.values();
    // SCL and AOI masking change values after the fused pass: find the range again only then.
    NdwiKernel.Range st = pass.masked() ? NdwiKernel.range(values) : pass.range();
    checkComputable(st, pass, green, other);
    float[] edges = NdwiKernel.binEdges(st.min(), st.max());
    long h0 = System.nanoTime();
    NdwiKernel.Histogram histogram = NdwiKernel.histogram(values, edges);
    timings.put("histogram", millis(System.nanoTime() - h0));
    double t = chooseThreshold(st, edges, histogram.counts());
    long t2 = System.nanoTime();
    timings.put("threshold", millis(t2 - t1));
    double positive = histogram.positive() / (double) histogram.valid();
    boolean noWater = guard.enabled() && guardFindsNoWater(positive);
    String decision = !guard.enabled() ? "disabled" : noWater ? "no_water" : "passed";
    byte[] mask = new byte[values.length];
    long water = NdwiKernel.maskAndCount(values, t, noWater, mask);
    timings.put("mask", millis(System.nanoTime() - t2));
    return new Classified(st, edges, histogram, t, decision, positive, mask, water);
  }

  /** Rejects input from which no index or no threshold can be computed. */
  private void checkComputable(
      NdwiKernel.Range st, StripIndexPass.Result pass, BandRef green, BandRef other) {
    if (st.isEmpty()) {
      throw new InvalidInputException(
          "no valid pixel: every pixel is nodata (" + nodata + "), masked or has green + nir = 0",
          green.location());
    }
    if (pass.green().isConstant()) {
      throw new InvalidInputException(
          "green band "
              + green
              + " is constant ("
              + pass.green().value()
              + "); no index can be computed",
          green.location());
    }
    if (pass.other().isConstant()) {
      throw new InvalidInputException(
          "band " + other + " is constant (" + pass.other().value() + "); no index can be computed",
          other.location());
    }
  }

  private double chooseThreshold(NdwiKernel.Range st, float[] edges, long[] counts) {
    if (threshold.fixed().isPresent()) {
      return threshold.fixed().getAsDouble();
    }
    if (st.min() == st.max()) {
      return st.min();
    }
    return NdwiKernel.otsu(counts, NdwiKernel.binCentres(edges));
  }

  /** Whether the enabled guard finds too few positive pixels for the scene to hold water. */
  private boolean guardFindsNoWater(double positive) {
    boolean noWater = positive < guard.minPositiveFraction();
    if (noWater) {
      LOG.info(
          "guard: only {} of valid pixels have index > 0 (< {}); scene has no water",
          positive,
          guard.minPositiveFraction());
    }
    return noWater;
  }

  private static Diagnostics diagnostics(
      StripIndexPass.Window win, Classified cls, Map<String, Long> timings) {
    List<Double> e = new ArrayList<>();
    for (float f : cls.edges()) {
      e.add((double) f);
    }
    List<Long> c = new ArrayList<>();
    for (long n : cls.histogram().counts()) {
      c.add(n);
    }
    long valid = cls.histogram().valid();
    long water = cls.water();
    return new Diagnostics(
        win.width(),
        win.height(),
        valid,
        water,
        water / (double) valid,
        water * win.grid().pixelArea(),
        cls.threshold(),
        cls.range().min(),
        cls.range().max(),
        e,
        c,
        cls.decision(),
        cls.positive(),
        timings);
  }

  /** The WGS 84 footprint of the window, resolved now or on first request. */
  private static Supplier<Bbox> footprint(
      SisBandReader rg, BandRef green, Grids grids, StripIndexPass.Window win) {
    double fx = grids.fx();
    double fy = grids.fy();
    GeoGrid full = grids.full();
    int fx0 = (int) Math.floor(win.x0() * fx);
    int fy0 = (int) Math.floor(win.y0() * fy);
    int fw = (int) Math.min(full.width() - Math.floor(win.x0() * fx), Math.ceil(win.width() * fx));
    int fh =
        (int) Math.min(full.height() - Math.floor(win.y0() * fy), Math.ceil(win.height() * fy));
    if (rg.sisOpened() || green.url().isPresent()) {
      // SIS is open already (an AOI), or the file cannot be opened again after this call (a
      // remote file's source closes with it): now.
      Bbox now = Footprints.wgs84(rg, fx0, fy0, fw, fh);
      return () -> now;
    }
    // On first request: resolving the CRS starts Apache SIS and the EPSG database, which
    // costs more than a whole detection of a plain file that nobody asks the footprint of.
    Path file = green.file();
    int bandIndex = green.band() - 1;
    return () -> {
      try (SisBandReader r = new SisBandReader(file, bandIndex, true, 0)) {
        return Footprints.wgs84(r, fx0, fy0, fw, fh);
      } catch (RuntimeException ex) {
        LOG.debug("no WGS 84 footprint for {}: {}", file, ex.toString());
        return null;
      }
    };
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  /** The grid of a level: the file's own for level 0, else the full grid scaled to the level. */
  private static GeoGrid overviewGrid(
      RemoteSources sources, BandRef ref, TiffDirectory level, int ov) {
    return ov == 0
        ? GeoGrid.of(level)
        : GeoGrid.of(sources.directory(ref, 0)).overview(level.width(), level.height());
  }

  private static void checkBand(TiffDirectory d, BandRef ref) {
    if (ref.band() > d.bands()) {
      throw new BandSelectionException(
          "band " + ref.band() + " requested but the file has " + d.bands() + " band(s)",
          ref.location());
    }
  }
}
