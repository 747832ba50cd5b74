package io.waterbodies.detection.internal;

import io.waterbodies.core.concurrent.DaemonThreads;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read and index pass of a detection: reads a window of the two bands strip by strip on two
 * threads, computes the water index of each strip as it arrives, masks SCL classes and pixels
 * outside the AOI box, and watches both bands for a constant value. One instance runs one pass.
 */
public final class StripIndexPass {
  private static final int MAX_STRIP_ROWS = 1024;
  private static final int MIN_STRIP_ROWS = 256;

  /**
   * The bands of a pass.
   *
   * @param green the green band, read on the window's grid
   * @param other the nir or swir band
   * @param otherGrid the grid {@code other} is resampled from (MNDWI's swir), or null when it
   *     shares the green grid and is read like it (NDWI)
   * @param scl the scene classification, resampled to the window, or null for none
   * @param sclGrid the grid of {@code scl} (null with it)
   */
  public record Bands(
      SisBandReader green,
      SisBandReader other,
      GeoGrid otherGrid,
      SisBandReader scl,
      GeoGrid sclGrid) {}

  /**
   * The pixel window read from the green band's grid.
   *
   * @param grid the grid of the window itself
   * @param box the AOI's pixel box {x0, y0, x1, y1} on the green grid, or null for none; pixels
   *     whose centre lies outside it become NaN
   */
  public record Window(int x0, int y0, int width, int height, GeoGrid grid, double[] box) {}

  /**
   * What a pass found.
   *
   * @param values the index of every window pixel, row by row (NaN where invalid or masked)
   * @param range the range of the index as computed, before SCL and AOI masking
   * @param masked whether SCL or AOI masking changed values after the index was computed (so that
   *     {@code range} may be wider than the values' range)
   * @param readNanos the wall time of the read tasks, summed over the reader threads
   * @param readCpuNanos the CPU time of the read tasks
   * @param waitNanos the time spent waiting for a strip that was not read yet
   * @param indexNanos the time spent computing and masking the index
   */
  public record Result(
      float[] values,
      NdwiKernel.Range range,
      boolean masked,
      ConstantBand green,
      ConstantBand other,
      long readNanos,
      long readCpuNanos,
      long waitNanos,
      long indexNanos) {}

  private final Bands bands;
  private final Window window;
  private final float nodata;
  private final boolean useNodata;

  // Strip k+1 is read (two bands on two threads) while strip k is computed, into two sets of
  // strip buffers used in turn: at most two strips per band are decoded at a time, and no
  // strip-sized garbage is left for the collector (the heap, and so the RSS, stays near the
  // index and mask arrays).
  // Each buffer is allocated by the reader thread that first fills it, in parallel with the
  // rest, instead of on this thread before any read starts.
  private final int stripRows;
  private final int stripValues;
  private final float[][] greenBuffers = new float[2][];
  private final float[][] otherBuffers;
  private final AtomicLong readNanos = new AtomicLong();
  private final AtomicLong readCpuNanos = new AtomicLong();

  /**
   * A pass over {@code window}, with {@code nodata} marking invalid samples when {@code useNodata}.
   */
  public StripIndexPass(Bands bands, Window window, float nodata, boolean useNodata) {
    this.bands = bands;
    this.window = window;
    this.nodata = nodata;
    this.useNodata = useNodata;
    this.stripRows = stripRows(bands.green().blockHeight());
    this.stripValues = window.width() * Math.min(stripRows, window.height());
    this.otherBuffers = bands.otherGrid() == null ? new float[2][] : null;
  }

  /**
   * The rows of a strip: whole block rows of the green band (so that no block is decoded once per
   * strip crossing it), at least {@value #MIN_STRIP_ROWS} of them, and at most {@value
   * #MAX_STRIP_ROWS} (a file of a few huge strips is decoded more than once rather than held
   * whole). Short strips keep the strip buffers small: four 256-row strips of a Sentinel-2 tile
   * take 45 MB, four 1024-row strips 180 MB, and fresh memory is slow to fault in.
   */
  static int stripRows(java.util.OptionalInt blockHeight) {
    int block = blockHeight.orElse(MAX_STRIP_ROWS);
    if (block <= 0 || block >= MAX_STRIP_ROWS) {
      return MAX_STRIP_ROWS;
    }
    int rows = (MIN_STRIP_ROWS + block - 1) / block * block;
    return Math.min(rows, MAX_STRIP_ROWS / block * block);
  }

  /** Runs the pass on its own two reader threads. */
  public Result run() {
    ExecutorService pool = Executors.newFixedThreadPool(2, DaemonThreads.named("detect-read"));
    try {
      return run(pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private Result run(ExecutorService pool) {
    int w = window.width();
    int h = window.height();
    ConstantBand greenConstant = new ConstantBand(nodata, useNodata);
    ConstantBand otherConstant = new ConstantBand(nodata, useNodata);
    NdwiKernel.Range range = NdwiKernel.Range.empty();
    long waitNanos = 0;
    long indexNanos = 0;
    Future<float[]> fa = readGreen(pool, 0);
    Future<float[]> fb = readOther(pool, 0);
    // Allocated (and so zeroed by the JVM: half a gigabyte for a Sentinel-2 tile) while the
    // first strips are being read, not before.
    float[] values = new float[w * h];
    for (int sy = 0; sy < h; sy += stripRows) {
      long w0 = System.nanoTime();
      float[] a = StripReads.get(fa);
      float[] b = StripReads.get(fb);
      waitNanos += System.nanoTime() - w0;
      if (sy + stripRows < h) {
        // Into the other buffer set: this strip's buffers are read below.
        fa = readGreen(pool, sy + stripRows);
        fb = readOther(pool, sy + stripRows);
      }
      int n = Math.min(stripRows, h - sy) * w;
      long c0 = System.nanoTime();
      range = range.merge(NdwiKernel.index(a, b, n, nodata, useNodata, values, sy * w));
      greenConstant.observe(a, n);
      otherConstant.observe(b, n);
      mask(values, sy);
      indexNanos += System.nanoTime() - c0;
    }
    // The strip buffers are garbage from here on, however long this pass stays reachable.
    Arrays.fill(greenBuffers, null);
    if (otherBuffers != null) {
      Arrays.fill(otherBuffers, null);
    }
    boolean masked = bands.scl() != null || window.box() != null;
    return new Result(
        values,
        range,
        masked,
        greenConstant,
        otherConstant,
        readNanos.get(),
        readCpuNanos.get(),
        waitNanos,
        indexNanos);
  }

  private Future<float[]> readGreen(ExecutorService pool, int sy) {
    return submit(pool, sy, (rows, slot) -> read(bands.green(), greenBuffers, sy, rows, slot));
  }

  private Future<float[]> readOther(ExecutorService pool, int sy) {
    return submit(
        pool,
        sy,
        (rows, slot) ->
            bands.otherGrid() == null
                ? read(bands.other(), otherBuffers, sy, rows, slot)
                : Resampling.nearest(
                    bands.other(), bands.otherGrid(), window.grid(), 0, sy, window.width(), rows));
  }

  /** One band's strip read, given its row count and buffer slot. */
  private interface StripRead {
    float[] read(int rows, int slot) throws Exception;
  }

  /** Submits the read of the strip at row {@code sy}, timed, into buffer slot 0 or 1 in turn. */
  private Future<float[]> submit(ExecutorService pool, int sy, StripRead read) {
    int rows = Math.min(stripRows, window.height() - sy);
    int slot = (sy / stripRows) & 1;
    return pool.submit(StripReads.timed(readNanos, readCpuNanos, () -> read.read(rows, slot)));
  }

  private float[] read(SisBandReader band, float[][] buffers, int sy, int rows, int slot)
      throws Exception {
    return band.read(
        window.x0(),
        window.y0() + sy,
        window.width(),
        rows,
        StripReads.buffer(buffers, slot, stripValues));
  }

  /** Masks the strip at row {@code sy} of the window by the SCL and the AOI box, if any. */
  private void mask(float[] values, int sy) {
    int w = window.width();
    int sh = Math.min(stripRows, window.height() - sy);
    if (bands.scl() != null) {
      float[] scl = Resampling.nearest(bands.scl(), bands.sclGrid(), window.grid(), 0, sy, w, sh);
      maskSceneClasses(scl, values, sy * w);
    }
    if (window.box() != null) {
      maskOutsideBox(values, sy * w, window.box(), window.x0(), window.y0() + sy, w, sh);
    }
  }

  // Sentinel-2 scene classes that hide the surface: cloud shadow (3), cloud of medium and high
  // probability (8, 9) and thin cirrus (10).
  private static void maskSceneClasses(float[] scl, float[] values, int off) {
    for (int i = 0; i < scl.length; i++) {
      int c = (int) scl[i];
      if (c == 3 || c == 8 || c == 9 || c == 10) {
        values[off + i] = Float.NaN;
      }
    }
  }

  // The window is the box rounded outwards, so its edge pixels can lie partly outside: a pixel
  // counts by its centre.
  private static void maskOutsideBox(
      float[] values, int off, double[] box, int x0, int rowY, int w, int sh) {
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
}
