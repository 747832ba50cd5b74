package io.waterbodies.detection;

import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.detection.internal.ConstantBand;
import io.waterbodies.detection.internal.EpsgDataset;
import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.NdwiKernel;
import io.waterbodies.detection.internal.RemoteSources;
import io.waterbodies.detection.internal.SisBandReader;
import io.waterbodies.detection.internal.TiffDirectory;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sis.coverage.grid.GridGeometry;
import org.apache.sis.coverage.grid.PixelInCell;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.crs.AbstractCRS;
import org.apache.sis.referencing.cs.AxesConvention;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.operation.MathTransform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects water on GeoTIFF bands: reads the (cropped) bands strip by strip, two bands in parallel
 * (Apache SIS opens the files; plain deflate/uncompressed local files are decoded by an internal
 * block decoder, everything else by SIS), computes NDWI or MNDWI in float32 exactly as the Python
 * reference, chooses a threshold (scikit-image compatible Otsu or fixed), applies the optional
 * {@link WaterGuard} and builds the mask. Immutable and thread-safe; build one with {@link
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
  private static final int QUICKLOOK_MAX = 1024;

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
      double[] box = input.aoi().isPresent() ? pixelBox(rg, input.aoi().get(), green) : null;
      if (box != null && ov > 0) {
        box = new double[] {box[0] / fx, box[1] / fy, box[2] / fx, box[3] / fy};
      }
      int[] win = window(box, gg, green);
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
                  timed(
                      readNanos,
                      readCpuNanos,
                      () ->
                          rg.read(
                              x0,
                              y0 + sy,
                              w,
                              Math.min(STRIP_ROWS, h - sy),
                              buffer(greenBuffers, (sy / STRIP_ROWS) & 1, stripValues))));
      java.util.function.IntFunction<Future<float[]>> readOther =
          sy ->
              pool.submit(
                  timed(
                      readNanos,
                      readCpuNanos,
                      () ->
                          index == Index.NDWI
                              ? r2.read(
                                  x0,
                                  y0 + sy,
                                  w,
                                  Math.min(STRIP_ROWS, h - sy),
                                  buffer(otherBuffers, (sy / STRIP_ROWS) & 1, stripValues))
                              : resample(r2, g2, out, 0, sy, w, Math.min(STRIP_ROWS, h - sy))));
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
        float[] a = get(fa);
        float[] b = get(fb);
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
          float[] scl = resample(rs, gs, out, 0, sy, w, sh);
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
      BufferedImage ql = quicklook(values, mask, w, h, st.min(), st.max());
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
        io.waterbodies.core.geo.Bbox now = footprint(rg, fx0, fy0, fw, fh);
        wgs84 = () -> now;
      } else {
        // On first request: resolving the CRS starts Apache SIS and the EPSG database, which
        // costs more than a whole detection of a plain file that nobody asks the footprint of.
        java.nio.file.Path file = green.file();
        int bandIndex = green.band() - 1;
        wgs84 =
            () -> {
              try (SisBandReader r = new SisBandReader(file, bandIndex, true, 0)) {
                return footprint(r, fx0, fy0, fw, fh);
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

  /** The window's footprint in WGS 84, or null when SIS cannot resolve the raster CRS. */
  private static io.waterbodies.core.geo.Bbox footprint(
      SisBandReader reader, int x, int y, int w, int h) {
    try {
      GridGeometry sub =
          reader
              .gridGeometry()
              .derive()
              .subgrid(
                  new org.apache.sis.coverage.grid.GridExtent(
                      null, new long[] {x, y}, new long[] {x + w, y + h}, false))
              .build();
      org.opengis.geometry.Envelope env =
          org.apache.sis.geometry.Envelopes.transform(
              sub.getEnvelope(), org.apache.sis.referencing.CommonCRS.WGS84.normalizedGeographic());
      return io.waterbodies.core.geo.Bbox.of(
          env.getMinimum(0), env.getMinimum(1), env.getMaximum(0), env.getMaximum(1));
    } catch (org.opengis.referencing.operation.TransformException | RuntimeException e) {
      LOG.debug("no WGS 84 footprint: {}", e.toString());
      return null;
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * A read task adding its wall time to {@code total} and its thread's CPU time to {@code cpu} (the
   * CPU time tells decoding cost apart from waiting for a core on a busy machine).
   */
  private static java.util.concurrent.Callable<float[]> timed(
      java.util.concurrent.atomic.AtomicLong total,
      java.util.concurrent.atomic.AtomicLong cpu,
      java.util.concurrent.Callable<float[]> read) {
    return () -> {
      long start = System.nanoTime();
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      try {
        return read.call();
      } finally {
        total.addAndGet(System.nanoTime() - start);
        long cpu1 = THREADS.getCurrentThreadCpuTime();
        if (cpu0 >= 0 && cpu1 >= 0) {
          cpu.addAndGet(cpu1 - cpu0);
        }
      }
    };
  }

  /**
   * Slot {@code k} of a strip buffer pair, allocated on first use. A slot is only touched by the
   * one read task filling it; the next task for the slot is submitted after the computing thread
   * took this one's result, so the future orders the accesses.
   */
  private static float[] buffer(float[][] pair, int k, int length) {
    if (pair[k] == null) {
      pair[k] = new float[length];
    }
    return pair[k];
  }

  private static float[] get(Future<float[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DetectionException("interrupted while reading bands", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DetectionException de) {
        throw de;
      }
      throw new DetectionException("reading a band failed: " + e.getCause(), e.getCause());
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

  /**
   * Nearest-neighbour resampling of another band onto rows of the output grid: each output pixel
   * centre is located in the other band's grid; pixels falling outside it become NaN.
   */
  private static float[] resample(
      SisBandReader reader, GeoGrid src, GeoGrid dst, int dx, int dy, int w, int h) {
    double[] d = dst.transform();
    double[] s = src.transform();
    int[] cols = new int[w];
    int[] rows = new int[h];
    int cmin = Integer.MAX_VALUE;
    int cmax = Integer.MIN_VALUE;
    int rmin = Integer.MAX_VALUE;
    int rmax = Integer.MIN_VALUE;
    for (int i = 0; i < w; i++) {
      double x = d[0] + (dx + i + 0.5) * d[1];
      int c = (int) Math.floor((x - s[0]) / s[1]);
      cols[i] = c >= 0 && c < src.width() ? c : -1;
      if (cols[i] >= 0) {
        cmin = Math.min(cmin, c);
        cmax = Math.max(cmax, c);
      }
    }
    for (int j = 0; j < h; j++) {
      double y = d[3] + (dy + j + 0.5) * d[5];
      int r = (int) Math.floor((y - s[3]) / s[5]);
      rows[j] = r >= 0 && r < src.height() ? r : -1;
      if (rows[j] >= 0) {
        rmin = Math.min(rmin, r);
        rmax = Math.max(rmax, r);
      }
    }
    float[] out = new float[w * h];
    java.util.Arrays.fill(out, Float.NaN);
    if (cmin > cmax || rmin > rmax) {
      return out;
    }
    int sw = cmax - cmin + 1;
    float[] v = reader.read(cmin, rmin, sw, rmax - rmin + 1);
    for (int j = 0; j < h; j++) {
      if (rows[j] < 0) {
        continue;
      }
      int base = (rows[j] - rmin) * sw;
      for (int i = 0; i < w; i++) {
        if (cols[i] >= 0) {
          out[j * w + i] = v[base + cols[i] - cmin];
        }
      }
    }
    return out;
  }

  /** The AOI as a box in pixel coordinates of the green band: {minx, miny, maxx, maxy}. */
  private static double[] pixelBox(SisBandReader reader, Aoi aoi, BandRef green) {
    String loc = green.location();
    if (!(aoi.maxx() > aoi.minx()) || !(aoi.maxy() > aoi.miny())) {
      throw new InvalidAoiException(
          "AOI has zero or negative area: "
              + aoi.minx()
              + ","
              + aoi.miny()
              + ","
              + aoi.maxx()
              + ","
              + aoi.maxy(),
          loc);
    }
    CoordinateReferenceSystem target =
        reader
            .crs()
            .orElseThrow(
                () ->
                    new InvalidAoiException(
                        "the raster CRS could not be resolved, so the AOI cannot be transformed"
                            + EpsgDataset.hint(),
                        loc));
    try {
      CoordinateReferenceSystem src =
          AbstractCRS.castOrCopy(CRS.forCode(aoi.crs())).forConvention(AxesConvention.RIGHT_HANDED);
      MathTransform toRaster = CRS.findOperation(src, target, null).getMathTransform();
      GridGeometry gg = reader.gridGeometry();
      MathTransform toGrid = gg.getGridToCRS(PixelInCell.CELL_CORNER).inverse();
      double[] p = {aoi.minx(), aoi.miny(), aoi.maxx(), aoi.maxy()};
      toRaster.transform(p, 0, p, 0, 2);
      toGrid.transform(p, 0, p, 0, 2);
      // Box edges on pixel edges come back a few ulps off; snap them so the window is exact.
      for (int i = 0; i < 4; i++) {
        if (Math.abs(p[i] - Math.rint(p[i])) < 1e-6) {
          p[i] = Math.rint(p[i]);
        }
      }
      return new double[] {
        Math.min(p[0], p[2]), Math.min(p[1], p[3]), Math.max(p[0], p[2]), Math.max(p[1], p[3])
      };
    } catch (org.opengis.util.FactoryException
        | org.opengis.referencing.operation.TransformException
        | RuntimeException e) {
      throw new InvalidAoiException(
          "cannot transform the AOI from "
              + aoi.crs()
              + " to the raster CRS: "
              + e.getMessage()
              + (e instanceof org.opengis.referencing.NoSuchAuthorityCodeException
                  ? EpsgDataset.hint()
                  : ""),
          loc,
          e);
    }
  }

  private static int[] window(double[] box, GeoGrid g, BandRef green) {
    if (box == null) {
      return new int[] {0, 0, g.width(), g.height()};
    }
    int x0 = (int) Math.max(0, Math.floor(box[0]));
    int y0 = (int) Math.max(0, Math.floor(box[1]));
    int x1 = (int) Math.min(g.width(), Math.ceil(box[2]));
    int y1 = (int) Math.min(g.height(), Math.ceil(box[3]));
    if (x1 <= x0 || y1 <= y0) {
      throw new InvalidAoiException(
          "AOI does not intersect the raster (" + g.width() + "x" + g.height() + " pixels)",
          green.location());
    }
    return new int[] {x0, y0, x1 - x0, y1 - y0};
  }

  private static BufferedImage quicklook(
      float[] v, byte[] mask, int w, int h, float min, float max) {
    int f = Math.max(1, (Math.max(w, h) + QUICKLOOK_MAX - 1) / QUICKLOOK_MAX);
    int qw = Math.max(1, w / f);
    int qh = Math.max(1, h / f);
    BufferedImage img = new BufferedImage(qw, qh, BufferedImage.TYPE_INT_RGB);
    // Straight into the image's pixel array: setRGB per pixel converts through the colour model.
    int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
    double scale = max > min ? 200.0 / (max - min) : 0;
    for (int y = 0; y < qh; y++) {
      for (int x = 0; x < qw; x++) {
        int i = (y * f) * w + x * f;
        int m = mask[i] & 0xFF;
        int rgb;
        if (m == 255) {
          rgb = 0;
        } else if (m == 1) {
          rgb = 0x1E64FF;
        } else {
          int g = 30 + (int) ((v[i] - min) * scale);
          rgb = (g << 16) | (g << 8) | g;
        }
        px[y * qw + x] = rgb;
      }
    }
    return img;
  }
}
