package io.waterbodies.detection;

import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.detection.internal.AoiWindow;
import io.waterbodies.detection.internal.ConstantBand;
import io.waterbodies.detection.internal.EpsgDataset;
import io.waterbodies.detection.internal.Footprints;
import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.NdwiKernel;
import io.waterbodies.detection.internal.Quicklooks;
import io.waterbodies.detection.internal.RemoteSources;
import io.waterbodies.detection.internal.Resampling;
import io.waterbodies.detection.internal.SisBandReader;
import io.waterbodies.detection.internal.StripReads;
import io.waterbodies.detection.internal.TiffDirectory;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  private static final int STRIP_ROWS = 1024;

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
    BandRef other =
        index == Index.NDWI
            ? input
                .nir()
                .orElseThrow(
                    () -> new BandSelectionException("NDWI needs a nir band", green.location()))
            : input
                .swir()
                .orElseThrow(
                    () ->
                        new BandSelectionException("MNDWI needs a swir16 band", green.location()));
    int ov = input.overview();
    if (ov > 0 && (index != Index.NDWI || input.scl().isPresent())) {
      throw new UnsupportedRasterException(
          "overview levels are supported for NDWI without SCL only", green.location());
    }
    TiffDirectory dg = sources.directory(green, ov);
    TiffDirectory d2 = sources.directory(other, ov);
    checkBand(dg, green);
    checkBand(d2, other);
    GeoGrid gg = overviewGrid(sources, green, dg, ov);
    GeoGrid g2 = overviewGrid(sources, other, d2, ov);
    GeoGrid full = ov > 0 ? GeoGrid.of(sources.directory(green, 0)) : gg;
    // Full-resolution pixels per level pixel, to map AOI boxes and footprints.
    double fx = full.width() / (double) gg.width();
    double fy = full.height() / (double) gg.height();
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
    Map<String, Long> timings = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(2, DaemonThreads.named("detect-read"));
    try (SisBandReader rg = SisBandReader.open(green, true, ov, sources);
        SisBandReader r2 = SisBandReader.open(other, true, ov, sources);
        SisBandReader rs =
            input.scl().isPresent()
                ? SisBandReader.open(input.scl().get(), true, 0, sources)
                : null) {
      GeoGrid gs =
          input.scl().isPresent() ? GeoGrid.of(sources.directory(input.scl().get(), 0)) : null;
      double[] box =
          input.aoi().isPresent() ? AoiWindow.pixelBox(rg, input.aoi().get(), green) : null;
      if (box != null && ov > 0) {
        box = new double[] {box[0] / fx, box[1] / fy, box[2] / fx, box[3] / fy};
      }
      int[] win = AoiWindow.window(box, gg, green);
      int x0 = win[0];
      int y0 = win[1];
      int w = win[2];
      int h = win[3];
      GeoGrid out = gg.window(x0, y0, w, h);
      float nd = (float) nodata;
      NdwiKernel.Range acc = NdwiKernel.Range.empty();
      ConstantBand greenConstant = new ConstantBand(nd, useNodata);
      ConstantBand otherConstant = new ConstantBand(nd, useNodata);
      // Strip k+1 is read (two bands on two threads) while strip k is computed, into two sets of
      // strip buffers used in turn: at most two strips per band are decoded at a time, and no
      // strip-sized garbage is left for the collector (the heap, and so the RSS, stays near the
      // index and mask arrays).
      // Each buffer is allocated by the reader thread that first fills it, in parallel with the
      // rest, instead of on this thread before any read starts.
      int stripValues = w * Math.min(STRIP_ROWS, h);
      float[][] greenBuffers = new float[2][];
      float[][] otherBuffers = index == Index.NDWI ? new float[2][] : null;
      // Stage times: reading (decode and inflate, summed over the reader threads), waiting for a
      // strip that is not read yet, and computing, so that what bounds a run is visible.
      java.util.concurrent.atomic.AtomicLong readNanos =
          new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.atomic.AtomicLong readCpuNanos =
          new java.util.concurrent.atomic.AtomicLong();
      long waitNanos = 0;
      // Opening: the TIFF directories and the AOI window (Apache SIS only for an AOI or a codec
      // the block decoder does not handle).
      timings.put("open", (System.nanoTime() - t0) / 1_000_000);
      long indexNanos = 0;
      java.util.function.IntFunction<Future<float[]>> readGreen =
          sy ->
              pool.submit(
                  StripReads.timed(
                      readNanos,
                      readCpuNanos,
                      () ->
                          rg.read(
                              x0,
                              y0 + sy,
                              w,
                              Math.min(STRIP_ROWS, h - sy),
                              StripReads.buffer(
                                  greenBuffers, (sy / STRIP_ROWS) & 1, stripValues))));
      java.util.function.IntFunction<Future<float[]>> readOther =
          sy ->
              pool.submit(
                  StripReads.timed(
                      readNanos,
                      readCpuNanos,
                      () ->
                          index == Index.NDWI
                              ? r2.read(
                                  x0,
                                  y0 + sy,
                                  w,
                                  Math.min(STRIP_ROWS, h - sy),
                                  StripReads.buffer(
                                      otherBuffers, (sy / STRIP_ROWS) & 1, stripValues))
                              : Resampling.nearest(
                                  r2, g2, out, 0, sy, w, Math.min(STRIP_ROWS, h - sy))));
      Future<float[]> fa = readGreen.apply(0);
      Future<float[]> fb = readOther.apply(0);
      // Allocated (and so zeroed by the JVM: half a gigabyte for a Sentinel-2 tile) while the
      // first strips are being read, not before.
      float[] values = new float[w * h];
      for (int sy = 0; sy < h; sy += STRIP_ROWS) {
        int sh = Math.min(STRIP_ROWS, h - sy);
        int n = sh * w;
        int rowY = y0 + sy;
        long w0 = System.nanoTime();
        float[] a = StripReads.get(fa);
        float[] b = StripReads.get(fb);
        long w1 = System.nanoTime();
        waitNanos += w1 - w0;
        if (sy + STRIP_ROWS < h) {
          // Into the other buffer set: this strip's buffers are read below.
          fa = readGreen.apply(sy + STRIP_ROWS);
          fb = readOther.apply(sy + STRIP_ROWS);
        }
        int off = sy * w;
        long c0 = System.nanoTime();
        acc = acc.merge(NdwiKernel.index(a, b, n, nd, useNodata, values, off));
        greenConstant.observe(a, n);
        otherConstant.observe(b, n);
        if (rs != null) {
          float[] scl = Resampling.nearest(rs, gs, out, 0, sy, w, sh);
          for (int i = 0; i < scl.length; i++) {
            int c = (int) scl[i];
            if (c == 3 || c == 8 || c == 9 || c == 10) {
              values[off + i] = Float.NaN;
            }
          }
        }
        if (box != null) {
          for (int r = 0; r < sh; r++) {
            double cy = rowY + r + 0.5;
            for (int c = 0; c < w; c++) {
              double cx = x0 + c + 0.5;
              if (cx < box[0] || cx > box[2] || cy < box[1] || cy > box[3]) {
                values[off + r * w + c] = Float.NaN;
              }
            }
          }
        }
        indexNanos += System.nanoTime() - c0;
      }
      // The strip buffers are garbage from here on (the lambdas still hold the arrays of arrays).
      java.util.Arrays.fill(greenBuffers, null);
      if (otherBuffers != null) {
        java.util.Arrays.fill(otherBuffers, null);
      }
      long t1 = System.nanoTime();
      timings.put("read_and_index", (t1 - t0) / 1_000_000);
      timings.put("read_tasks", readNanos.get() / 1_000_000);
      timings.put("read_cpu", readCpuNanos.get() / 1_000_000);
      timings.put("read_wait", waitNanos / 1_000_000);
      timings.put("index", indexNanos / 1_000_000);
      // SCL and AOI masking change values after the fused pass: find the range again only then.
      NdwiKernel.Range st = rs != null || box != null ? NdwiKernel.range(values) : acc;
      if (st.isEmpty()) {
        throw new InvalidInputException(
            "no valid pixel: every pixel is nodata (" + nodata + "), masked or has green + nir = 0",
            green.location());
      }
      if (greenConstant.isConstant()) {
        throw new InvalidInputException(
            "green band "
                + green
                + " is constant ("
                + greenConstant.value()
                + "); no index can be computed",
            green.location());
      }
      if (otherConstant.isConstant()) {
        throw new InvalidInputException(
            "band "
                + other
                + " is constant ("
                + otherConstant.value()
                + "); no index can be computed",
            other.location());
      }
      float[] edges = NdwiKernel.binEdges(st.min(), st.max());
      long h0 = System.nanoTime();
      NdwiKernel.Histogram histogram = NdwiKernel.histogram(values, edges);
      timings.put("histogram", (System.nanoTime() - h0) / 1_000_000);
      long[] counts = histogram.counts();
      long valid = histogram.valid();
      double t;
      if (threshold.fixed().isPresent()) {
        t = threshold.fixed().getAsDouble();
      } else if (st.min() == st.max()) {
        t = st.min();
      } else {
        t = NdwiKernel.otsu(counts, NdwiKernel.binCentres(edges));
      }
      long t2 = System.nanoTime();
      timings.put("threshold", (t2 - t1) / 1_000_000);
      double positive = histogram.positive() / (double) valid;
      String decision = "disabled";
      boolean noWater = false;
      if (guard.enabled()) {
        noWater = positive < guard.minPositiveFraction();
        decision = noWater ? "no_water" : "passed";
        if (noWater) {
          LOG.info(
              "guard: only {} of valid pixels have index > 0 (< {}); scene has no water",
              positive,
              guard.minPositiveFraction());
        }
      }
      byte[] mask = new byte[w * h];
      long water = NdwiKernel.maskAndCount(values, t, noWater, mask);
      long t3 = System.nanoTime();
      timings.put("mask", (t3 - t2) / 1_000_000);
      BufferedImage ql = Quicklooks.render(values, mask, w, h, st.min(), st.max());
      long t4 = System.nanoTime();
      timings.put("quicklook", (t4 - t3) / 1_000_000);
      timings.put("total", (t4 - t0) / 1_000_000);
      List<Double> e = new ArrayList<>();
      for (float f : edges) {
        e.add((double) f);
      }
      List<Long> c = new ArrayList<>();
      for (long n : counts) {
        c.add(n);
      }
      Diagnostics diag =
          new Diagnostics(
              w,
              h,
              valid,
              water,
              water / (double) valid,
              water * out.pixelArea(),
              t,
              st.min(),
              st.max(),
              e,
              c,
              decision,
              positive,
              timings);
      int fx0 = (int) Math.floor(x0 * fx);
      int fy0 = (int) Math.floor(y0 * fy);
      int fw = (int) Math.min(full.width() - Math.floor(x0 * fx), Math.ceil(w * fx));
      int fh = (int) Math.min(full.height() - Math.floor(y0 * fy), Math.ceil(h * fy));
      java.util.function.Supplier<io.waterbodies.core.geo.Bbox> wgs84;
      if (rg.sisOpened() || green.url().isPresent()) {
        // SIS is open already (an AOI), or the file cannot be opened again after this call (a
        // remote file's source closes with it): now.
        io.waterbodies.core.geo.Bbox now = Footprints.wgs84(rg, fx0, fy0, fw, fh);
        wgs84 = () -> now;
      } else {
        // On first request: resolving the CRS starts Apache SIS and the EPSG database, which
        // costs more than a whole detection of a plain file that nobody asks the footprint of.
        java.nio.file.Path file = green.file();
        int bandIndex = green.band() - 1;
        wgs84 =
            () -> {
              try (SisBandReader r = new SisBandReader(file, bandIndex, true, 0)) {
                return Footprints.wgs84(r, fx0, fy0, fw, fh);
              } catch (RuntimeException ex) {
                LOG.debug("no WGS 84 footprint for {}: {}", file, ex.toString());
                return null;
              }
            };
      }
      return new DetectionResult(mask, out, diag, ql, wgs84);
    } finally {
      pool.shutdownNow();
    }
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
