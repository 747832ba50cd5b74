package io.waterbodies.examples.demo;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.detection.GeoTiffWriter;
import io.waterbodies.stac.ext.EoExtension;
import io.waterbodies.stac.ext.ProjectionExtension;
import io.waterbodies.stac.io.StacWriter;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Band;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.Link;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.util.FactoryException;

/**
 * A synthetic but realistic Sentinel-2-like scene for demos and tests: farmland and forest with an
 * irregular lake, a few ponds and a meandering river, a no-data swath edge in one corner, at 10 m
 * in a WGS 84 / UTM zone. Reflectances follow Sentinel-2 L2A (digital number = reflectance x
 * 10000): clear water has green above near-infrared (NDWI about +0.5), vegetation the opposite
 * (NDWI about -0.6), bare soil in between; shore pixels are mixtures and every pixel carries sensor
 * noise. The same builder settings always give the same pixels.
 *
 * <p>{@link #writeTo(Path)} writes {@code green.tif} and {@code nir.tif} (uint16, tiled, deflate,
 * GDAL_NODATA 0), a STAC 1.1 {@code item.json} and the {@code collection.json} it links to; the
 * Item's assets carry the common names {@code green} and {@code nir} and absolute {@code file:}
 * hrefs, so the Item can be served by a STAC API and its assets still be found.
 *
 * <pre>{@code
 * Item item = SyntheticScene.builder().seed(7).build().writeTo(Path.of("scene"));
 * }</pre>
 */
public final class SyntheticScene {
  /** Pixel size in metres (Sentinel-2 green and NIR bands). */
  public static final double PIXEL_SIZE = 10.0;

  /** The largest size: a full Sentinel-2 10 m tile. */
  public static final int MAX_SIZE = 10_980;

  /** The collection of the Items unless another is set. */
  public static final String DEFAULT_COLLECTION = "synthetic-sentinel-2";

  /** File name of the green band. */
  public static final String GREEN = "green.tif";

  /** File name of the near-infrared band. */
  public static final String NIR = "nir.tif";

  /** File name of the Item. */
  public static final String ITEM = "item.json";

  /** File name of the Collection the Item links to. */
  public static final String COLLECTION = "collection.json";

  private final int size;
  private final long seed;
  private final String id;
  private final String collection;
  private final Instant datetime;
  private final int epsg;
  private final double originX;
  private final double originY;

  private SyntheticScene(Builder b) {
    this.size = b.size;
    this.seed = b.seed;
    this.id = b.id == null ? "synthetic-" + b.seed : b.id;
    this.collection = b.collection;
    this.datetime = b.datetime;
    this.epsg = b.epsg;
    this.originX = b.originX;
    this.originY = b.originY;
  }

  /**
   * A builder with the defaults: 1000 x 1000 pixels, seed 1, id {@code synthetic-<seed>},
   * collection {@value #DEFAULT_COLLECTION}, datetime 2024-06-15T10:20:00Z, EPSG:32633 (UTM 33N)
   * with the upper-left corner at 400000 E, 5800000 N (Brandenburg lake country).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The Item id. */
  public String id() {
    return id;
  }

  /** Width and height in pixels. */
  public int size() {
    return size;
  }

  /** The EPSG code of the scene's UTM CRS. */
  public int epsg() {
    return epsg;
  }

  /**
   * Writes {@code green.tif}, {@code nir.tif}, {@code item.json} and {@code collection.json} into
   * {@code dir} (created when missing) and returns the Item.
   *
   * @throws UncheckedIOException when the directory cannot be created
   * @throws io.waterbodies.core.WaterbodiesException when a file cannot be written
   */
  public Item writeTo(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create scene directory " + abs, e);
    }
    Bands bands = render();
    GeoTiffWriter.Grid grid =
        new GeoTiffWriter.Grid(size, size, epsg, originX, originY, PIXEL_SIZE);
    GeoTiffWriter.writeUint16(abs.resolve(GREEN), bands.green, grid, 0);
    GeoTiffWriter.writeUint16(abs.resolve(NIR), bands.nir, grid, 0);
    Item item = item(abs);
    StacWriter.pretty().write(item, abs.resolve(ITEM));
    StacWriter.pretty()
        .write(
            Collection.builder(
                    collection,
                    "Synthetic Sentinel-2-like scenes (green and NIR, 10 m) for waterbodies demos",
                    "CC0-1.0",
                    Extent.of(
                        item.bbox().orElseThrow(), Optional.of(datetime), Optional.of(datetime)))
                .build(),
            abs.resolve(COLLECTION));
    return item;
  }

  /** The two bands as uint16 digital numbers, row-major; 0 is nodata. */
  private record Bands(short[] green, short[] nir) {}

  private Bands render() {
    int n = size;
    SplittableRandom rnd = new SplittableRandom(seed);
    Shapes shapes = new Shapes(n, rnd);
    Noise noise = new Noise(rnd.nextLong());
    Parcels parcels = new Parcels(n, rnd);
    short[] green = new short[n * n];
    short[] nir = new short[n * n];
    double edge = 0.12 * n;
    // Rows render in parallel: each has its own random stream and the shapes are read-only, so
    // the pixels do not depend on the order.
    java.util.stream.IntStream.range(0, n)
        .parallel()
        .forEach(
            y -> {
              SplittableRandom rowRnd = new SplittableRandom(seed * 1_000_003L + y);
              for (int x = 0; x < n; x++) {
                int i = y * n + x;
                if (x + y < edge) {
                  continue; // outside the swath: nodata in both bands
                }
                double px = x + 0.5;
                double py = y + 0.5;
                // Land: field parcels of varying vigour, forest where the low-frequency noise is
                // high.
                double vigour = parcels.vigour(px, py) * 0.75 + 0.25 * noise.fbm(px / 40, py / 40);
                double forest = smooth(noise.fbm(px / 150 + 17, py / 150 + 3), 0.58, 0.64);
                double landG = lerp(1150, 650, vigour);
                double landN = lerp(2200, 4200, vigour);
                landG = lerp(landG, 450, forest);
                landN = lerp(landN, 2900, forest);
                // Water: slightly turbid, greener near the river mouth; NIR low.
                double turbidity = noise.fbm(px / 60 + 91, py / 60 + 47);
                double waterG = lerp(480, 760, turbidity);
                double waterN = lerp(120, 330, turbidity);
                double f = shapes.waterFraction(px, py);
                double g = lerp(landG, waterG, f);
                double r = lerp(landN, waterN, f);
                // Sensor noise: about 2 % multiplicative plus 15 DN additive.
                g = g * (1 + 0.02 * gauss(rowRnd)) + 15 * gauss(rowRnd);
                r = r * (1 + 0.02 * gauss(rowRnd)) + 15 * gauss(rowRnd);
                green[i] = dn(g);
                nir[i] = dn(r);
              }
            });
    return new Bands(green, nir);
  }

  private static short dn(double v) {
    return (short) Math.max(1, Math.min(65535, Math.round(v)));
  }

  private static double gauss(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  private static double smooth(double v, double lo, double hi) {
    double t = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    return t * t * (3 - 2 * t);
  }

  private Item item(Path dir) {
    double[] gt = {originX, PIXEL_SIZE, 0, originY, 0, -PIXEL_SIZE};
    Bbox bbox = wgs84Bbox();
    Item.Builder b =
        Item.builder(id)
            .datetime(datetime)
            .collection(collection)
            .bbox(bbox)
            .geometry(polygon(bbox))
            .platform("synthetic")
            .constellation("synthetic-sentinel-2")
            .gsd(PIXEL_SIZE)
            .property("eo:cloud_cover", 0.0)
            .stacExtension(EoExtension.SCHEMA_V2_0)
            .link(Link.of(Link.REL_COLLECTION, dir.resolve(COLLECTION).toUri().toString()));
    ProjectionExtension.write(b)
        .code("EPSG:" + epsg)
        .shape(size, size)
        .transform(gt[1], gt[2], gt[0], gt[4], gt[5], gt[3]);
    b.asset("green", asset(dir.resolve(GREEN), "B03", "green", 0.56, "Green (band 3), 10 m"));
    b.asset("nir", asset(dir.resolve(NIR), "B08", "nir", 0.842, "NIR (band 8), 10 m"));
    return b.build();
  }

  private static Asset asset(Path file, String name, String common, double um, String title) {
    Band band =
        Band.builder()
            .name(name)
            .commonName(common)
            .field("eo:center_wavelength", Json.mapper().getNodeFactory().numberNode(um))
            .nodata(0)
            .dataType("uint16")
            .field("raster:scale", Json.mapper().getNodeFactory().numberNode(0.0001))
            .build();
    return Asset.builder(file.toUri().toString())
        .type("image/tiff; application=geotiff")
        .title(title)
        .roles("data", "reflectance")
        .bands(java.util.List.of(band))
        .build();
  }

  /** The scene's footprint in WGS 84, from points along its edges (UTM edges bend in lon/lat). */
  private Bbox wgs84Bbox() {
    try {
      CoordinateReferenceSystem utm = CRS.forCode("EPSG:" + epsg);
      MathTransform t =
          CRS.findOperation(utm, CommonCRS.WGS84.normalizedGeographic(), null).getMathTransform();
      double extent = size * PIXEL_SIZE;
      double minLon = Double.MAX_VALUE;
      double minLat = Double.MAX_VALUE;
      double maxLon = -Double.MAX_VALUE;
      double maxLat = -Double.MAX_VALUE;
      int steps = 16;
      for (int k = 0; k <= steps; k++) {
        double s = extent * k / steps;
        double[][] pts = {
          {originX + s, originY}, {originX + s, originY - extent},
          {originX, originY - s}, {originX + extent, originY - s}
        };
        for (double[] p : pts) {
          double[] out = new double[2];
          t.transform(p, 0, out, 0, 1);
          minLon = Math.min(minLon, out[0]);
          maxLon = Math.max(maxLon, out[0]);
          minLat = Math.min(minLat, out[1]);
          maxLat = Math.max(maxLat, out[1]);
        }
      }
      return Bbox.of(minLon, minLat, maxLon, maxLat);
    } catch (FactoryException | org.opengis.referencing.operation.TransformException e) {
      throw new IllegalStateException("cannot transform the scene extent from EPSG:" + epsg, e);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode polygon(Bbox b) {
    var n = Json.object();
    n.put("type", "Polygon");
    var ring = n.putArray("coordinates").addArray();
    double[][] pts = {
      {b.west(), b.south()},
      {b.east(), b.south()},
      {b.east(), b.north()},
      {b.west(), b.north()},
      {b.west(), b.south()}
    };
    for (double[] p : pts) {
      ring.addArray().add(p[0]).add(p[1]);
    }
    return n;
  }

  /** The lake, the ponds and the river, as fractional water cover per pixel. */
  private static final class Shapes {
    private final double lakeX;
    private final double lakeY;
    private final double lakeR;
    private final double[] amp = new double[13];
    private final double[] phase = new double[13];
    private final double[][] ponds;
    private final double riverY;
    private final double[] riverA = new double[3];
    private final double[] riverL = new double[3];
    private final double[] riverP = new double[3];
    private final double riverHalfWidth;

    Shapes(int n, SplittableRandom rnd) {
      lakeX = n * (0.62 + 0.1 * (rnd.nextDouble() - 0.5));
      lakeY = n * (0.36 + 0.1 * (rnd.nextDouble() - 0.5));
      lakeR = n * (0.11 + 0.03 * rnd.nextDouble());
      for (int k = 2; k < amp.length; k++) {
        // Broad lobes from the low harmonics, a ragged shore (bays, spits) from the high ones.
        amp[k] = rnd.nextDouble() * (k <= 5 ? 0.28 : 0.2) / k;
        phase[k] = rnd.nextDouble() * 2 * Math.PI;
      }
      ponds = new double[3 + rnd.nextInt(4)][];
      for (int i = 0; i < ponds.length; i++) {
        ponds[i] =
            new double[] {
              n * (0.1 + 0.8 * rnd.nextDouble()),
              n * (0.15 + 0.45 * rnd.nextDouble()),
              Math.max(1.5, n * (0.003 + 0.006 * rnd.nextDouble()))
            };
      }
      riverY = n * (0.74 + 0.06 * (rnd.nextDouble() - 0.5));
      double[] a = {0.07, 0.025, 0.008};
      double[] l = {0.55, 0.19, 0.07};
      for (int k = 0; k < 3; k++) {
        riverA[k] = n * a[k] * (0.7 + 0.6 * rnd.nextDouble());
        riverL[k] = n * l[k] * (0.8 + 0.4 * rnd.nextDouble());
        riverP[k] = rnd.nextDouble() * 2 * Math.PI;
      }
      riverHalfWidth = Math.max(1.2, n * 0.0028);
    }

    /** Fraction of the pixel centred at (x, y) covered by water, 0 to 1. */
    double waterFraction(double x, double y) {
      double d = Math.min(lakeDistance(x, y), riverDistance(x, y));
      for (double[] p : ponds) {
        d = Math.min(d, Math.hypot(x - p[0], y - p[1]) - p[2]);
      }
      // Signed distance in pixels to the shore (negative inside): a one-pixel linear ramp.
      return Math.max(0, Math.min(1, 0.5 - d));
    }

    private double lakeDistance(double x, double y) {
      double dx = x - lakeX;
      double dy = y - lakeY;
      double theta = Math.atan2(dy, dx);
      double r = 1;
      for (int k = 2; k < amp.length; k++) {
        r += amp[k] * Math.cos(k * theta + phase[k]);
      }
      return Math.hypot(dx, dy) - lakeR * r;
    }

    private double riverDistance(double x, double y) {
      double c = riverY;
      double slope = 0;
      for (int k = 0; k < 3; k++) {
        double w = 2 * Math.PI / riverL[k];
        c += riverA[k] * Math.sin(w * x + riverP[k]);
        slope += riverA[k] * w * Math.cos(w * x + riverP[k]);
      }
      double half = riverHalfWidth * (1 + 0.3 * Math.sin(x / (riverL[1] * 0.5) + riverP[2]));
      return Math.abs(y - c) / Math.sqrt(1 + slope * slope) - half;
    }
  }

  /** Field parcels: a jittered grid whose nearest seed point decides the parcel (Voronoi cells). */
  private static final class Parcels {
    private final int cells;
    private final double cell;
    private final double[] sx;
    private final double[] sy;
    private final double[] vigour;

    Parcels(int n, SplittableRandom rnd) {
      cells = Math.max(2, n / 60);
      cell = (double) n / cells;
      sx = new double[cells * cells];
      sy = new double[cells * cells];
      vigour = new double[cells * cells];
      for (int j = 0; j < cells; j++) {
        for (int i = 0; i < cells; i++) {
          int k = j * cells + i;
          sx[k] = (i + 0.15 + 0.7 * rnd.nextDouble()) * cell;
          sy[k] = (j + 0.15 + 0.7 * rnd.nextDouble()) * cell;
          // Most parcels are green crops or grass, some freshly ploughed.
          vigour[k] =
              rnd.nextDouble() < 0.2 ? 0.1 * rnd.nextDouble() : 0.45 + 0.55 * rnd.nextDouble();
        }
      }
    }

    double vigour(double x, double y) {
      int ci = (int) Math.min(cells - 1, x / cell);
      int cj = (int) Math.min(cells - 1, y / cell);
      double best = Double.MAX_VALUE;
      double v = 0;
      for (int j = Math.max(0, cj - 1); j <= Math.min(cells - 1, cj + 1); j++) {
        for (int i = Math.max(0, ci - 1); i <= Math.min(cells - 1, ci + 1); i++) {
          int k = j * cells + i;
          double d = (x - sx[k]) * (x - sx[k]) + (y - sy[k]) * (y - sy[k]);
          if (d < best) {
            best = d;
            v = vigour[k];
          }
        }
      }
      return v;
    }
  }

  /** Value noise summed over octaves (fractional Brownian motion), values about 0 to 1. */
  private static final class Noise {
    private final long salt;

    Noise(long salt) {
      this.salt = salt;
    }

    double fbm(double x, double y) {
      double sum = 0;
      double amp = 0.5;
      double norm = 0;
      for (int o = 0; o < 4; o++) {
        sum += amp * value(x, y, o);
        norm += amp;
        x *= 2;
        y *= 2;
        amp *= 0.5;
      }
      return sum / norm;
    }

    private double value(double x, double y, int octave) {
      int ix = (int) Math.floor(x);
      int iy = (int) Math.floor(y);
      double fx = x - ix;
      double fy = y - iy;
      double u = fx * fx * (3 - 2 * fx);
      double v = fy * fy * (3 - 2 * fy);
      double a = lattice(ix, iy, octave);
      double b = lattice(ix + 1, iy, octave);
      double c = lattice(ix, iy + 1, octave);
      double d = lattice(ix + 1, iy + 1, octave);
      return lerp(lerp(a, b, u), lerp(c, d, u), v);
    }

    private double lattice(int x, int y, int octave) {
      long h =
          salt ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL) ^ (octave * 0x165667B1L);
      h ^= h >>> 33;
      h *= 0xFF51AFD7ED558CCDL;
      h ^= h >>> 33;
      h *= 0xC4CEB9FE1A85EC53L;
      h ^= h >>> 33;
      return (h >>> 11) * 0x1.0p-53;
    }
  }

  /** Builds a {@link SyntheticScene}; every setting has a default. */
  public static final class Builder {
    private int size = 1000;
    private long seed = 1;
    private String id;
    private String collection = DEFAULT_COLLECTION;
    private Instant datetime = Instant.parse("2024-06-15T10:20:00Z");
    private int epsg = 32633;
    private double originX = 400_000;
    private double originY = 5_800_000;

    private Builder() {}

    /** Width and height in pixels, 64 to 10980 (a full Sentinel-2 10 m tile; default 1000). */
    public Builder size(int size) {
      if (size < 64 || size > MAX_SIZE) {
        throw new IllegalArgumentException(
            "scene size must be 64 to " + MAX_SIZE + " pixels: " + size);
      }
      this.size = size;
      return this;
    }

    /** The random seed: the same seed gives the same scene (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The Item id (default {@code synthetic-<seed>}). */
    public Builder id(String id) {
      if (Objects.requireNonNull(id, "id").isBlank()) {
        throw new IllegalArgumentException("id must not be blank");
      }
      this.id = id;
      return this;
    }

    /** The collection the Item names (default {@value SyntheticScene#DEFAULT_COLLECTION}). */
    public Builder collection(String collection) {
      if (Objects.requireNonNull(collection, "collection").isBlank()) {
        throw new IllegalArgumentException("collection must not be blank");
      }
      this.collection = collection;
      return this;
    }

    /** The acquisition time (default 2024-06-15T10:20:00Z). */
    public Builder datetime(Instant datetime) {
      this.datetime = Objects.requireNonNull(datetime, "datetime");
      return this;
    }

    /** A WGS 84 / UTM zone: 32601 to 32660 (north) or 32701 to 32760 (south); default 32633. */
    public Builder epsg(int epsg) {
      if (!(epsg >= 32601 && epsg <= 32660) && !(epsg >= 32701 && epsg <= 32760)) {
        throw new IllegalArgumentException("not a WGS 84 / UTM zone EPSG code: " + epsg);
      }
      this.epsg = epsg;
      return this;
    }

    /**
     * The upper-left corner in the UTM CRS, metres (default 400000, 5800000). The easting must lie
     * within 100 km to 900 km so the scene stays inside its zone.
     */
    public Builder origin(double easting, double northing) {
      if (!(easting >= 100_000 && easting <= 900_000) || !(northing > 0 && northing < 10_000_000)) {
        throw new IllegalArgumentException(
            "UTM origin out of range (easting 100000-900000, northing 0-10000000): "
                + easting
                + ", "
                + northing);
      }
      this.originX = easting;
      this.originY = northing;
      return this;
    }

    /** The scene. */
    public SyntheticScene build() {
      return new SyntheticScene(this);
    }
  }
}
