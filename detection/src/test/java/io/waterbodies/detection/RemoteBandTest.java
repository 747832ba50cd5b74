package io.waterbodies.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.detection.internal.GeoGrid;
import io.waterbodies.detection.internal.HttpByteSource;
import io.waterbodies.detection.internal.PlainTiffDecoder;
import io.waterbodies.detection.internal.TiffDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Remote bands over HTTP range requests, against a local JDK HTTP server that serves the shared
 * test rasters (read in place) and records every range it sends (file, first and last byte), so
 * tests pin how many requests and bytes a detection costs per file.
 */
class RemoteBandTest {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
  private static final String SECRET = "S3cr3tSignature";

  private final AtomicLong bytesSent = new AtomicLong();

  /** One range request the server answered with 206: the file path and the byte range sent. */
  record Fetch(String path, long first, long last) {
    long bytes() {
      return last - first + 1;
    }
  }

  private final java.util.Queue<Fetch> fetches = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger failures =
      new java.util.concurrent.atomic.AtomicInteger();
  private HttpServer server;
  private ExecutorService pool;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  /** Starts a server on 127.0.0.1 serving {@code ../shared/data}; returns its base URL. */
  private String serve(boolean ranges, boolean requireSignature) throws IOException {
    Path root = Scenes.data().toAbsolutePath().normalize();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            handle(ex, root, ranges, requireSignature);
          } catch (IOException e) {
            // the client may close a response it does not want (a 200 to a range request)
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private void handle(HttpExchange ex, Path root, boolean ranges, boolean requireSignature)
      throws IOException {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.sendResponseHeaders(503, -1);
      return;
    }
    Path file = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
    String query = ex.getRequestURI().getRawQuery();
    if (requireSignature && (query == null || !query.contains("sig=" + SECRET))) {
      ex.sendResponseHeaders(403, -1);
      return;
    }
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      ex.sendResponseHeaders(404, -1);
      return;
    }
    byte[] all = Files.readAllBytes(file);
    String range = ex.getRequestHeaders().getFirst("Range");
    Matcher m = range == null ? null : RANGE.matcher(range);
    if (!ranges || m == null || !m.matches()) {
      ex.sendResponseHeaders(200, all.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(all);
        bytesSent.addAndGet(all.length);
      }
      return;
    }
    long a = Long.parseLong(m.group(1));
    long b = Math.min(Long.parseLong(m.group(2)), all.length - 1L);
    if (a >= all.length || b < a) {
      ex.getResponseHeaders().set("Content-Range", "bytes */" + all.length);
      ex.sendResponseHeaders(416, -1);
      return;
    }
    int n = (int) (b - a + 1);
    ex.getResponseHeaders().set("Content-Range", "bytes " + a + "-" + b + "/" + all.length);
    ex.sendResponseHeaders(206, n);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(all, (int) a, n);
    }
    bytesSent.addAndGet(n);
    fetches.add(new Fetch(ex.getRequestURI().getPath(), a, b));
  }

  /** The fetches of one file path, in the order they were answered. */
  private List<Fetch> fetchesOf(String path) {
    return fetches.stream().filter(f -> f.path().equals(path)).toList();
  }

  private static long bytes(List<Fetch> list) {
    return list.stream().mapToLong(Fetch::bytes).sum();
  }

  /** The fetches per file path. */
  private java.util.Map<String, List<Fetch>> fetchesByPath() {
    java.util.Map<String, List<Fetch>> by = new java.util.TreeMap<>();
    fetches.forEach(f -> by.computeIfAbsent(f.path(), k -> new java.util.ArrayList<>()).add(f));
    return by;
  }

  /**
   * Checks the traffic of one detect() per file: a single header request (the only one from byte 0)
   * and no byte sent twice, so no tile either.
   */
  private static void assertEachByteOnce(String path, List<Fetch> list) {
    assertThat(list.stream().filter(f -> f.first() == 0).count())
        .as("header fetches of " + path)
        .isEqualTo(1);
    List<Fetch> sorted =
        list.stream().sorted(java.util.Comparator.comparingLong(Fetch::first)).toList();
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(sorted.get(i).first())
          .as("%s: %s overlaps %s", path, sorted.get(i), sorted.get(i - 1))
          .isGreaterThan(sorted.get(i - 1).last());
    }
    assertThat(bytes(list)).as("bytes of " + path).isLessThanOrEqualTo(sizeOf(path));
  }

  @Test
  void remoteDetectOpensEachUrlOnceAndFetchesEachByteOnce() throws IOException {
    String base = serve(true, false);
    WaterDetector detector = WaterDetector.builder().build();
    int checked = 0;
    for (Scenes.Scene s : Scenes.all()) {
      if (!plain(s.green()) || !plain(s.nir())) {
        continue;
      }
      fetches.clear();
      detector.detect(DetectionInput.ndwi(remote(base, s, s.green()), remote(base, s, s.nir())));
      java.util.Map<String, List<Fetch>> by = fetchesByPath();
      assertThat(by).as(s.folder()).isNotEmpty();
      by.forEach(RemoteBandTest::assertEachByteOnce);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
  }

  @Test
  void twoBandsOfOneFileFetchEachTileOnce() throws IOException {
    String base = serve(true, false);
    String path = "/naip-lakes/naip_2020.tif";
    Path file = Scenes.data().resolve(path.substring(1));
    WaterDetector detector = WaterDetector.builder().build();
    DetectionResult local =
        detector.detect(DetectionInput.ndwi(new BandRef(file, 2), new BandRef(file, 4)));

    // Two URLs for the one file (the server ignores the query): each band fetches for itself.
    fetches.clear();
    detector.detect(
        DetectionInput.ndwi(
            BandRef.parse(base + path.substring(1) + "?copy=1:2"),
            BandRef.parse(base + path.substring(1) + ":4")));
    long separate = bytes(List.copyOf(fetches));
    int separateRequests = fetches.size();

    fetches.clear();
    DetectionResult shared =
        detector.detect(
            DetectionInput.ndwi(
                BandRef.parse(base + path.substring(1) + ":2"),
                BandRef.parse(base + path.substring(1) + ":4")));
    List<Fetch> one = fetchesOf(path);
    assertEachByteOnce(path, one);
    assertThat(bytes(one)).as("bytes for two bands of one URL").isEqualTo(separate / 2);
    assertThat(one).as("requests for two bands of one URL").hasSize(separateRequests / 2);
    assertThat(shared.mask()).isEqualTo(local.mask());
    assertThat(shared.threshold()).isEqualTo(local.threshold());
  }

  private static long sizeOf(String urlPath) {
    try {
      return Files.size(Scenes.data().resolve(urlPath.substring(1)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static BandRef remote(String base, Scenes.Scene s, BandRef local) {
    Path rel = Scenes.data().relativize(local.file());
    return BandRef.of(URI.create(base + rel.toString().replace('\\', '/')), local.band());
  }

  private static boolean plain(BandRef local) {
    TiffDirectory d = TiffDirectory.read(local.file());
    Optional<PlainTiffDecoder> dec = PlainTiffDecoder.forFile(local.file(), d, local.band() - 1);
    dec.ifPresent(PlainTiffDecoder::close);
    return dec.isPresent();
  }

  @Test
  void remoteResultEqualsLocalResultForEveryScene() throws IOException {
    String base = serve(true, false);
    List<Scenes.Scene> scenes = Scenes.all();
    WaterDetector detector = WaterDetector.builder().build();
    int compared = 0;
    for (Scenes.Scene s : scenes) {
      BandRef g = remote(base, s, s.green());
      BandRef n = remote(base, s, s.nir());
      if (!plain(s.green()) || !plain(s.nir())) {
        assertThatThrownBy(() -> detector.detect(DetectionInput.ndwi(g, n)))
            .as(s.folder())
            .isInstanceOf(UnsupportedRasterException.class)
            .hasMessageContaining(g.location());
        continue;
      }
      DetectionResult local = detector.detect(DetectionInput.ndwi(s.green(), s.nir()));
      DetectionResult http = detector.detect(DetectionInput.ndwi(g, n));
      assertThat(http.threshold()).as(s.folder()).isEqualTo(local.threshold());
      assertThat(http.diagnostics().waterPixels())
          .as(s.folder())
          .isEqualTo(local.diagnostics().waterPixels());
      assertThat(http.diagnostics().validPixels())
          .as(s.folder())
          .isEqualTo(local.diagnostics().validPixels());
      assertThat(http.mask()).as(s.folder()).isEqualTo(local.mask());
      assertThat(http.geoTransform()).isEqualTo(local.geoTransform());
      assertThat(http.epsg()).isEqualTo(local.epsg());
      // The remote footprint is computed during the detection, the local one on request by
      // opening the file again: the same box.
      assertThat(http.wgs84Bbox()).as(s.folder()).isPresent().isEqualTo(local.wgs84Bbox());
      compared++;
    }
    assertThat(compared).as("scenes compared over HTTP").isGreaterThanOrEqualTo(3);
  }

  @Test
  void aoiReadTransfersLessThanTheFiles() throws IOException {
    String base = serve(true, false);
    Path dir = Scenes.data().resolve("s2-29RKH-desert");
    double[] t = GeoGrid.of(TiffDirectory.read(dir.resolve("B03.tif"))).transform();
    // 120 x 60 pixels from pixel (100, 100): inside the first of the 3 x 3 tiles of each band.
    double minx = t[0] + 100 * t[1];
    double maxy = t[3] + 100 * t[5];
    Aoi aoi = new Aoi(minx, maxy + 60 * t[5], minx + 120 * t[1], maxy, "EPSG:32629");
    WaterDetector detector = WaterDetector.builder().build();
    DetectionResult local =
        detector.detect(
            DetectionInput.ndwi(
                    BandRef.of(dir.resolve("B03.tif")), BandRef.of(dir.resolve("B08.tif")))
                .withAoi(aoi));
    bytesSent.set(0);
    fetches.clear();
    DetectionResult http =
        detector.detect(
            DetectionInput.ndwi(
                    BandRef.parse(base + "s2-29RKH-desert/B03.tif"),
                    BandRef.parse(base + "s2-29RKH-desert/B08.tif"))
                .withAoi(aoi));
    long size = Files.size(dir.resolve("B03.tif")) + Files.size(dir.resolve("B08.tif"));
    assertThat(http.width()).isEqualTo(120);
    assertThat(http.height()).isEqualTo(60);
    assertThat(http.mask()).isEqualTo(local.mask());
    assertThat(http.threshold()).isEqualTo(local.threshold());
    assertThat(bytesSent.get()).as("bytes sent for a 120x60 window").isPositive();
    // At most the tiles covering the window plus one header block per file.
    long minimum = 0;
    for (String band : List.of("B03.tif", "B08.tif")) {
      assertEachByteOnce("/s2-29RKH-desert/" + band, fetchesOf("/s2-29RKH-desert/" + band));
      minimum += coveringBlockBytes(dir.resolve(band), 100, 100, 120, 60) + HEADER_BLOCK;
    }
    assertThat(bytesSent.get())
        .as("bytes sent vs covering tiles + headers")
        .isLessThanOrEqualTo(minimum);
    assertThat(bytesSent.get()).as("bytes sent vs both files' size " + size).isLessThan(size / 3);
  }

  /** The size of HttpByteSource's first request (its header block). */
  private static final long HEADER_BLOCK = 16 * 1024;

  /** Compressed bytes of the tiles of a single-band tiled file that intersect a pixel window. */
  private static long coveringBlockBytes(Path file, int x, int y, int w, int h) {
    TiffDirectory d = TiffDirectory.read(file);
    int tw = (int) d.get(322).longs()[0];
    int th = (int) d.get(323).longs()[0];
    long[] counts = d.get(325).longs();
    int across = (d.width() + tw - 1) / tw;
    long sum = 0;
    for (int ty = y / th; ty <= (y + h - 1) / th; ty++) {
      for (int tx = x / tw; tx <= (x + w - 1) / tw; tx++) {
        sum += counts[ty * across + tx];
      }
    }
    return sum;
  }

  @Test
  void serverWithoutRangeSupportIsATypedError() throws IOException {
    String base = serve(false, false);
    BandRef g = BandRef.parse(base + "s2-29RKH-desert/B03.tif?token=" + SECRET);
    BandRef n = BandRef.parse(base + "s2-29RKH-desert/B08.tif");
    assertThatThrownBy(() -> WaterDetector.builder().build().detect(DetectionInput.ndwi(g, n)))
        .isInstanceOf(UnsupportedRasterException.class)
        .hasMessageContaining(base + "s2-29RKH-desert/B03.tif")
        .hasMessageContaining("range")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void missingFileIsATypedErrorNamingTheRedactedUrl() throws IOException {
    String base = serve(true, false);
    BandRef g = BandRef.parse(base + "nowhere/B03.tif?sig=" + SECRET + "&se=2030:1");
    BandRef n = BandRef.parse(base + "s2-29RKH-desert/B08.tif");
    assertThat(g.band()).isEqualTo(1);
    assertThat(g.toString()).doesNotContain(SECRET);
    assertThatThrownBy(() -> WaterDetector.builder().build().detect(DetectionInput.ndwi(g, n)))
        .isInstanceOf(RasterReadException.class)
        .hasMessageContaining(base + "nowhere/B03.tif")
        .hasMessageContaining("404")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void signedUrlIsSentButNeverShown() throws IOException {
    String base = serve(true, true);
    String q = "?sig=" + SECRET;
    BandRef g = BandRef.parse(base + "s2-29RKH-desert/B03.tif" + q);
    BandRef n = BandRef.parse(base + "s2-29RKH-desert/B08.tif" + q);
    DetectionResult r = WaterDetector.builder().build().detect(DetectionInput.ndwi(g, n));
    assertThat(r.diagnostics().validPixels()).isPositive();
    assertThat(g.location()).doesNotContain(SECRET).endsWith("B03.tif?<redacted>");

    // Without the signature the server refuses (403): the message names the URL, not the query.
    BandRef unsigned = BandRef.parse(base + "s2-29RKH-desert/B03.tif?sig=wrong" + SECRET);
    assertThatThrownBy(
            () -> WaterDetector.builder().build().detect(DetectionInput.ndwi(unsigned, n)))
        .isInstanceOf(RasterReadException.class)
        .hasMessageContaining("403")
        .hasMessageContaining(base + "s2-29RKH-desert/B03.tif")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void serverErrorsAreRetried() throws IOException {
    String base = serve(true, false);
    URI url = URI.create(base + "s2-29RKH-desert/B03.tif");
    failures.set(2);
    try (HttpByteSource src = HttpByteSource.open(url)) {
      assertThat(src.size())
          .isEqualTo(Files.size(Scenes.data().resolve("s2-29RKH-desert/B03.tif")));
    }
    assertThat(failures.get()).isZero();
    failures.set(10);
    RetryPolicy once = RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO).build();
    assertThatThrownBy(() -> HttpByteSource.open(url, once))
        .isInstanceOf(RasterReadException.class)
        .hasMessageContaining("503")
        .hasMessageContaining("2 attempt(s)");
  }

  @Test
  void parsesUrlsWithBandsAndPorts() {
    BandRef a = BandRef.parse("https://example.org/cog/B03.tif:2");
    assertThat(a.isRemote()).isTrue();
    assertThat(a.band()).isEqualTo(2);
    assertThat(a.url()).contains(URI.create("https://example.org/cog/B03.tif"));
    assertThat(a.file()).isEqualTo(Path.of("B03.tif"));
    BandRef b = BandRef.parse("http://example.org:8080/B08.tif");
    assertThat(b.band()).isEqualTo(1);
    assertThat(b.url()).contains(URI.create("http://example.org:8080/B08.tif"));
    BandRef c = BandRef.parse("local/B03.tif:3");
    assertThat(c.isRemote()).isFalse();
    assertThat(c.band()).isEqualTo(3);
    assertThat(new BandRef(Path.of("x.tif"), 1).url()).isEmpty();
  }

  @Test
  void remoteResolverKeepsHttpHrefsRemote() {
    HrefResolver r = HrefResolver.remote();
    BandRef b = r.band(URI.create("https://bucket.example/T29RKH/B03.tif"), 1);
    assertThat(b.url()).contains(URI.create("https://bucket.example/T29RKH/B03.tif"));
    BandRef f = r.band(URI.create("file:///data/B03.tif"), 2);
    assertThat(f.isRemote()).isFalse();
    assertThat(f.file()).isEqualTo(Path.of("/data/B03.tif"));
    assertThatThrownBy(
            () -> HrefResolver.localFiles().band(URI.create("https://x.example/a.tif"), 1))
        .isInstanceOf(BandSelectionException.class);
  }
}
