package io.waterbodies.detection.internal;

import io.waterbodies.detection.BandRef;
import io.waterbodies.detection.BandSelectionException;
import io.waterbodies.detection.RasterReadException;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.net.URI;
import java.nio.file.Path;
import org.apache.sis.coverage.grid.GridCoverage;
import org.apache.sis.coverage.grid.GridExtent;
import org.apache.sis.coverage.grid.GridGeometry;
import org.apache.sis.storage.Aggregate;
import org.apache.sis.storage.DataStore;
import org.apache.sis.storage.DataStoreException;
import org.apache.sis.storage.DataStores;
import org.apache.sis.storage.GridCoverageResource;
import org.apache.sis.storage.Resource;
import org.apache.sis.storage.StorageConnector;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Reads windows of one band of a GeoTIFF: tiled or striped, deflate/LZW/PackBits/none. Pixels of
 * the plain cases (deflate or uncompressed, see {@link PlainTiffDecoder}; always for remote files,
 * see {@link #open}) are decoded by our own block decoder, which is several times faster on large
 * scenes; everything else by Apache SIS ({@code sis-geotiff}).
 *
 * <p>Apache SIS opens the file only when something needs it: pixels the block decoder does not
 * handle, or {@link #crs()} / {@link #gridGeometry()} (an AOI, a footprint). Its first use in a JVM
 * costs seconds (the EPSG dataset's database starts, hundreds of classes load), more than reading a
 * whole Sentinel-2 band; a plain detection never pays it. The file's size, codec and block layout
 * are always checked by {@link TiffDirectory} first, before any buffer is allocated. One reader per
 * file; {@link #read} may be called from several threads; close it when done.
 */
public final class SisBandReader implements AutoCloseable {
  static {
    EpsgDataset.quietDerby();
  }

  private final String location;
  private final int band;
  private final PlainTiffDecoder plain;
  private final Path file;
  private final ByteSource remote;
  private Sis sis;
  private boolean closed;

  /** What Apache SIS opened: the store, the first image and its grid geometry. */
  private record Sis(DataStore store, GridCoverageResource resource, GridGeometry grid) {}

  /**
   * Opens a file and selects a band.
   *
   * @param file the GeoTIFF
   * @param band zero-based band index
   */
  public SisBandReader(Path file, int band) {
    this(file, band, true);
  }

  /**
   * Opens a file and selects a band, optionally without the {@link PlainTiffDecoder} fast path (to
   * compare both paths in tests).
   *
   * @param file the GeoTIFF
   * @param band zero-based band index
   * @param allowPlainDecoder whether plain deflate/uncompressed files skip SIS for pixel reads
   */
  public SisBandReader(Path file, int band, boolean allowPlainDecoder) {
    this(file, band, allowPlainDecoder, 0);
  }

  /**
   * Opens a file and selects a band of an overview level (0 = full resolution). Overview pixels are
   * read with {@link PlainTiffDecoder} only, so levels above 0 need a plain (deflate or
   * uncompressed) file; {@link #gridGeometry()} and {@link #crs()} stay those of the full image.
   *
   * @throws io.waterbodies.detection.UnsupportedRasterException for an overview of another codec
   */
  public SisBandReader(Path file, int band, boolean allowPlainDecoder, int overview) {
    this.location = file.toString();
    this.band = band;
    this.file = file;
    this.remote = null;
    // Checked by hand before SIS sees the file: sizes, codec and block layout are bounded
    // before any pixel buffer is allocated (a 300-byte file may declare huge tiles).
    TiffDirectory full = TiffDirectory.read(file);
    if (band < 0 || band >= full.bands()) {
      throw new BandSelectionException(
          "band " + (band + 1) + " requested but the file has " + full.bands() + " band(s)",
          location);
    }
    if (overview > 0) {
      this.plain =
          PlainTiffDecoder.forFile(file, TiffDirectory.read(file, overview), band)
              .orElseThrow(
                  () ->
                      new io.waterbodies.detection.UnsupportedRasterException(
                          "overview reads need a deflate or uncompressed GeoTIFF", location));
    } else {
      this.plain =
          allowPlainDecoder ? PlainTiffDecoder.forFile(file, full, band).orElse(null) : null;
    }
    if (plain == null) {
      // SIS decodes the pixels: open it now, so that a file it cannot read fails here.
      try {
        sis();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }
  }

  /**
   * Opens a band, local or remote (see {@link #SisBandReader(Path, int, boolean, int)}). A remote
   * file is read with HTTP range requests: pixels are always decoded by {@link PlainTiffDecoder},
   * and SIS, when asked for the CRS or grid geometry, reads the metadata through {@link
   * HttpByteSource}. The URL's source, directory and fetched blocks are shared with every other
   * reader opened on the same {@code sources} (which stays the caller's to close, after this
   * reader).
   *
   * @throws io.waterbodies.detection.UnsupportedRasterException for a remote file in another codec
   *     than deflate or uncompressed
   */
  public static SisBandReader open(
      BandRef ref, boolean allowPlainDecoder, int overview, RemoteSources sources) {
    return ref.url().isPresent()
        ? new SisBandReader(ref, overview, sources)
        : new SisBandReader(ref.file(), ref.band() - 1, allowPlainDecoder, overview);
  }

  private SisBandReader(BandRef ref, int overview, RemoteSources sources) {
    this.location = ref.location();
    this.band = ref.band() - 1;
    this.file = null;
    URI url = ref.url().orElseThrow();
    try {
      ByteSource src = sources.source(url);
      TiffDirectory dir = sources.directory(ref, overview);
      if (band >= dir.bands()) {
        throw new BandSelectionException(
            "band " + (band + 1) + " requested but the file has " + dir.bands() + " band(s)",
            location);
      }
      this.remote = src;
      this.plain =
          PlainTiffDecoder.forSource(src, dir, band, sources.blocks(url))
              .orElseThrow(
                  () ->
                      new io.waterbodies.detection.UnsupportedRasterException(
                          "remote GeoTIFFs are read for deflate or uncompressed files only"
                              + " (this one uses compression "
                              + (dir.get(259) == null ? 1 : dir.get(259).longs()[0])
                              + ")",
                          location));
    } catch (io.waterbodies.detection.DetectionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RasterReadException(
          "cannot open GeoTIFF: " + io.waterbodies.core.secret.Redaction.redact(e.getMessage()),
          location,
          e);
    }
  }

  /** Apache SIS's view of the file, opened on first use. */
  private synchronized Sis sis() {
    if (closed) {
      throw new IllegalStateException("reader of " + location + " is closed");
    }
    if (sis != null) {
      return sis;
    }
    DataStore ds = null;
    try {
      if (remote != null) {
        StorageConnector connector = new StorageConnector(new ByteSourceChannel(remote));
        // Straight to the GeoTIFF provider: probing every format would need to rewind the channel.
        ds = new org.apache.sis.storage.geotiff.GeoTiffStoreProvider().open(connector);
      } else {
        ds = DataStores.open(file);
      }
      GridCoverageResource gcr = firstCoverage(ds, location);
      int n = gcr.getSampleDimensions().size();
      if (band < 0 || band >= n) {
        throw new BandSelectionException(
            "band " + (band + 1) + " requested but the file has " + n + " band(s)", location);
      }
      sis = new Sis(ds, gcr, gcr.getGridGeometry());
      return sis;
    } catch (DataStoreException | RuntimeException e) {
      closeQuietly(ds);
      if (e instanceof io.waterbodies.detection.DetectionException de) {
        throw de;
      }
      String msg =
          remote != null
              ? io.waterbodies.core.secret.Redaction.redact(e.getMessage())
              : e.getMessage();
      throw new RasterReadException("cannot open GeoTIFF: " + msg, location, e);
    }
  }

  /**
   * The height in rows of the file's blocks when this reader decodes them itself, so that a caller
   * reading strip after strip can align its strips to them; empty when Apache SIS reads the file.
   */
  public java.util.OptionalInt blockHeight() {
    return plain == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(plain.blockHeight());
  }

  /** Whether Apache SIS has opened the file (so that its CRS and grid geometry cost nothing). */
  public synchronized boolean sisOpened() {
    return sis != null;
  }

  private static void closeQuietly(DataStore ds) {
    if (ds != null) {
      try {
        ds.close();
      } catch (DataStoreException ignored) {
        // already failing
      }
    }
  }

  /**
   * The raster CRS as SIS understands it, if it could build one (opens the file with SIS).
   *
   * @throws RasterReadException when SIS cannot open the file
   */
  public java.util.Optional<CoordinateReferenceSystem> crs() {
    GridGeometry grid = sis().grid();
    return grid.isDefined(GridGeometry.CRS)
        ? java.util.Optional.of(grid.getCoordinateReferenceSystem())
        : java.util.Optional.empty();
  }

  /**
   * The full grid geometry of the image (opens the file with SIS).
   *
   * @throws RasterReadException when SIS cannot open the file
   */
  public GridGeometry gridGeometry() {
    return sis().grid();
  }

  /**
   * Reads a window of the band as float32 values, row-major, {@code w * h} long.
   *
   * @throws RasterReadException when decoding fails (corrupt or truncated data)
   */
  public float[] read(int x, int y, int w, int h) {
    return read(x, y, w, h, new float[w * h]);
  }

  /**
   * Reads a window of the band into {@code out[0..w*h)} (row-major) and returns {@code out}, so
   * that a caller reading strip after strip can reuse its buffers.
   *
   * @throws RasterReadException when decoding fails (corrupt or truncated data)
   * @throws IllegalArgumentException when {@code out} is shorter than {@code w * h}
   */
  public float[] read(int x, int y, int w, int h, float[] out) {
    if (out.length < w * h) {
      throw new IllegalArgumentException(
          "buffer of " + out.length + " values for a " + w + "x" + h + " window");
    }
    if (plain != null) {
      return plain.read(x, y, w, h, out);
    }
    Sis s = sis();
    GridExtent window = new GridExtent(null, new long[] {x, y}, new long[] {x + w, y + h}, false);
    try {
      GridGeometry domain = s.grid().derive().subgrid(window).build();
      GridCoverage cov = s.resource().read(domain, band);
      // The coverage may cover more than the window (whole tiles); its image pixel (0, 0) is the
      // low corner of the coverage's extent, so the window starts at the difference.
      GridExtent have = cov.getGridGeometry().getExtent();
      RenderedImage img = cov.render(null);
      copy(
          img,
          Math.toIntExact(x - have.getLow(0)) + img.getMinX(),
          Math.toIntExact(y - have.getLow(1)) + img.getMinY(),
          w,
          h,
          out);
      return out;
    } catch (DataStoreException | RuntimeException e) {
      throw new RasterReadException(
          "cannot read pixels of window x="
              + x
              + " y="
              + y
              + " "
              + w
              + "x"
              + h
              + ": "
              + e.getMessage(),
          location,
          e);
    }
  }

  /**
   * Copies band 0 of the image's tiles straight from their data buffers (the common
   * component-interleaved case), avoiding the per-pixel virtual calls of {@code Raster.getSamples}
   * and the copy of {@code getData}.
   */
  private static void copy(RenderedImage img, int x0, int y0, int w, int h, float[] out) {
    for (int ty = img.getMinTileY(); ty < img.getMinTileY() + img.getNumYTiles(); ty++) {
      for (int tx = img.getMinTileX(); tx < img.getMinTileX() + img.getNumXTiles(); tx++) {
        Raster r = img.getTile(tx, ty);
        int ax = Math.max(x0, r.getMinX());
        int ay = Math.max(y0, r.getMinY());
        int bx = Math.min(x0 + w, r.getMinX() + r.getWidth());
        int by = Math.min(y0 + h, r.getMinY() + r.getHeight());
        if (ax >= bx || ay >= by) {
          continue;
        }
        copyTile(r, ax, ay, bx, by, x0, y0, w, out);
      }
    }
  }

  private static void copyTile(
      Raster r, int ax, int ay, int bx, int by, int x0, int y0, int w, float[] out) {
    if (r.getSampleModel() instanceof java.awt.image.ComponentSampleModel csm) {
      java.awt.image.DataBuffer db = r.getDataBuffer();
      int bank = csm.getBankIndices()[0];
      int ps = csm.getPixelStride();
      int ss = csm.getScanlineStride();
      int base =
          db.getOffsets()[bank]
              + csm.getBandOffsets()[0]
              - r.getSampleModelTranslateY() * ss
              - r.getSampleModelTranslateX() * ps;
      int n = bx - ax;
      for (int y = ay; y < by; y++) {
        int src = base + y * ss + ax * ps;
        int dst = (y - y0) * w + (ax - x0);
        if (db instanceof java.awt.image.DataBufferUShort d) {
          short[] a = d.getData(bank);
          for (int i = 0; i < n; i++) {
            out[dst + i] = a[src + i * ps] & 0xFFFF;
          }
        } else if (db instanceof java.awt.image.DataBufferByte d) {
          byte[] a = d.getData(bank);
          for (int i = 0; i < n; i++) {
            out[dst + i] = a[src + i * ps] & 0xFF;
          }
        } else if (db instanceof java.awt.image.DataBufferShort d) {
          short[] a = d.getData(bank);
          for (int i = 0; i < n; i++) {
            out[dst + i] = a[src + i * ps];
          }
        } else if (db instanceof java.awt.image.DataBufferFloat d) {
          float[] a = d.getData(bank);
          for (int i = 0; i < n; i++) {
            out[dst + i] = a[src + i * ps];
          }
        } else {
          float[] row = r.getSamples(ax, y, n, 1, 0, (float[]) null);
          System.arraycopy(row, 0, out, dst, n);
        }
      }
    } else {
      float[] block = r.getSamples(ax, ay, bx - ax, by - ay, 0, (float[]) null);
      for (int y = ay; y < by; y++) {
        System.arraycopy(block, (y - ay) * (bx - ax), out, (y - y0) * w + (ax - x0), bx - ax);
      }
    }
  }

  /** The first image of a GeoTIFF store (the full-resolution one). */
  private static GridCoverageResource firstCoverage(DataStore ds, String location)
      throws DataStoreException {
    Resource first =
        ds instanceof Aggregate agg ? agg.components().iterator().next() : (Resource) ds;
    if (!(first instanceof GridCoverageResource gcr)) {
      throw new RasterReadException("no raster image in file", location);
    }
    return gcr;
  }

  @Override
  public void close() {
    Sis opened;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      opened = sis;
      sis = null;
    }
    if (plain != null) {
      plain.close();
    }
    if (opened != null) {
      closeQuietly(opened.store());
    }
  }
}
