package io.waterbodies.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.WaterbodiesException;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.catalog.StaticCatalog;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code report.html} for a demo run: one self-contained page (quicklooks inlined as data
 * URIs, styles inline, no network needed) with, per scene, the quicklook, water fraction,
 * threshold, guard decision, step timings and links to the mask, the result Item and the result
 * catalog, and a map of the footprints as inline SVG. It reads what the workflows wrote (catalog,
 * Item, {@code diagnostics.json}, {@code quicklook.png}, {@code workflow.log}), so it needs nothing
 * but the results directory.
 */
public final class DemoReport {
  private static final Pattern STEP =
      Pattern.compile("^\\S+ ([A-Za-z0-9_-]+): succeeded in (\\d+) ms$", Pattern.MULTILINE);
  private static final int MAP_W = 640;
  private static final int MAP_H = 320;

  private DemoReport() {}

  /**
   * One processed scene.
   *
   * @param itemId the source Item's id
   * @param status the workflow status ({@code Succeeded}, {@code Failed}, ...)
   * @param workflow the workflow name
   * @param catalog the result catalog, when the workflow wrote one
   * @param resultItemUrl the result Item in the STAC API, when published
   */
  public record Scene(
      String itemId,
      String status,
      String workflow,
      Optional<Path> catalog,
      Optional<URI> resultItemUrl) {
    /** Checks for nulls. */
    public Scene {
      Objects.requireNonNull(itemId, "itemId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(workflow, "workflow");
      Objects.requireNonNull(catalog, "catalog");
      Objects.requireNonNull(resultItemUrl, "resultItemUrl");
    }
  }

  /** What one table row shows, read from the files of a scene. */
  private record Row(
      Scene scene,
      Optional<Item> item,
      Optional<Path> itemFile,
      Optional<Path> mask,
      Optional<byte[]> quicklook,
      Optional<JsonNode> diagnostics,
      String steps) {}

  /**
   * Writes the page to {@code file} (replacing it atomically, so a reader never sees half a page).
   *
   * @param file where to write, e.g. {@code results/report.html}; links are relative to its folder
   * @param title the page title
   * @param scenes the scenes, in the order shown
   * @return {@code file}
   * @throws UncheckedIOException when the page cannot be written
   */
  public static Path write(Path file, String title, List<Scene> scenes) {
    Path dir = file.toAbsolutePath().getParent();
    List<Row> rows = scenes.stream().map(DemoReport::read).toList();
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}")
        .append("table{border-collapse:collapse;width:100%}")
        .append("th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;")
        .append("vertical-align:top}th{background:#f4f6f8}")
        .append("td.num{text-align:right;font-variant-numeric:tabular-nums}")
        .append("img.ql{width:160px;image-rendering:pixelated;border:1px solid #ccc}")
        .append(".failed{color:#b00020;font-weight:600}.ok{color:#0a7d32;font-weight:600}")
        .append("svg{border:1px solid #ccc;background:#f8fbff}")
        .append("small{color:#666}\n</style>\n</head>\n")
        .append("<body data-scenes=\"")
        .append(rows.size())
        .append("\">\n<h1>")
        .append(esc(title))
        .append("</h1>\n<p><small>Written ")
        .append(esc(Instant.now().toString()))
        .append(". Links point to files beside this page; result Item URLs work while the STAC")
        .append(" API runs (<code>waterbodies demo --serve</code>).</small></p>\n")
        .append("<h2>Footprints</h2>\n");
    map(h, rows);
    h.append("<h2>Scenes</h2>\n<table id=\"scenes\">\n<thead><tr><th>#</th><th>scene</th>")
        .append("<th>quicklook</th><th>water</th><th>threshold</th><th>guard</th>")
        .append("<th>step timings</th><th>links</th></tr></thead>\n<tbody>\n");
    int n = 0;
    for (Row r : rows) {
      n++;
      row(h, n, r, dir);
    }
    h.append("</tbody>\n</table>\n")
        .append("<p><small>Quicklook: water blue, land grey (NDWI), nodata black.</small></p>\n")
        // Records how many quicklooks decoded, so a headless browser can check the page.
        .append("<script>\nwindow.addEventListener('load', function () {\n")
        .append("  var ok = 0;\n")
        .append("  for (var i = 0; i < document.images.length; i++) {\n")
        .append(
            "    if (document.images[i].complete && document.images[i].naturalWidth > 0) ok++;\n")
        .append("  }\n")
        .append("  document.body.setAttribute('data-images-loaded', String(ok));\n")
        .append("});\n</script>\n</body>\n</html>\n");
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".report-", ".html");
      Files.writeString(tmp, h, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + file, e);
    }
    return file;
  }

  private static Row read(Scene s) {
    Optional<Item> item = Optional.empty();
    if (s.catalog().isPresent() && Files.isRegularFile(s.catalog().get())) {
      try (Stream<Item> items = StaticCatalog.open(s.catalog().get()).allItems()) {
        item = items.filter(i -> i.id().equals(s.itemId())).findFirst();
      } catch (WaterbodiesException e) {
        item = Optional.empty();
      }
    }
    Optional<Path> itemFile =
        item.flatMap(Item::location).filter(u -> "file".equals(u.getScheme())).map(Path::of);
    Optional<Path> itemDir = itemFile.map(Path::getParent);
    Optional<Path> mask =
        item.flatMap(i -> i.assetHref("data"))
            .filter(u -> "file".equals(u.getScheme()))
            .map(Path::of);
    Optional<byte[]> quicklook =
        itemDir.map(d -> d.resolve("quicklook.png")).flatMap(DemoReport::bytes);
    Optional<JsonNode> diagnostics =
        itemDir
            .map(d -> d.resolve("diagnostics.json"))
            .flatMap(DemoReport::bytes)
            .map(b -> Json.parse(new String(b, StandardCharsets.UTF_8), "diagnostics.json"));
    String steps =
        s.catalog()
            .map(c -> c.getParent().resolve("workflow.log"))
            .flatMap(DemoReport::bytes)
            .map(b -> steps(new String(b, StandardCharsets.UTF_8)))
            .orElse("");
    return new Row(s, item, itemFile, mask, quicklook, diagnostics, steps);
  }

  /** "pre-processing 35 ms, detection 643 ms, ..." from the workflow log. */
  private static String steps(String log) {
    Matcher m = STEP.matcher(log);
    List<String> parts = new ArrayList<>();
    while (m.find()) {
      parts.add(m.group(1) + " " + m.group(2) + " ms");
    }
    return String.join(", ", parts);
  }

  private static Optional<byte[]> bytes(Path p) {
    try {
      return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void row(StringBuilder h, int n, Row r, Path dir) {
    Scene s = r.scene();
    boolean ok = "Succeeded".equals(s.status());
    h.append("<tr class=\"scene\" id=\"scene-")
        .append(n)
        .append("\"><td class=\"num\">")
        .append(n)
        .append("</td><td><strong>")
        .append(esc(s.itemId()))
        .append("</strong><br><span class=\"")
        .append(ok ? "ok" : "failed")
        .append("\">")
        .append(esc(s.status()))
        .append("</span><br><small>")
        .append(esc(s.workflow()))
        .append("</small></td><td>");
    r.quicklook()
        .ifPresentOrElse(
            b ->
                h.append("<img class=\"ql\" alt=\"quicklook of ")
                    .append(esc(s.itemId()))
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(b))
                    .append("\">"),
            () -> h.append("<small>none</small>"));
    h.append("</td>");
    Optional<JsonNode> d = r.diagnostics();
    h.append("<td class=\"num\">")
        .append(
            d.map(j -> j.path("water_fraction"))
                .filter(JsonNode::isNumber)
                .map(v -> String.format(Locale.ROOT, "%.2f %%", 100 * v.asDouble()))
                .orElse("–"))
        .append(
            d.map(j -> j.path("water_pixels"))
                .filter(JsonNode::isNumber)
                .map(
                    v ->
                        String.format(
                            Locale.ROOT,
                            "<br><small>%d of %d px</small>",
                            v.asLong(),
                            d.get().path("valid_pixels").asLong()))
                .orElse(""))
        .append("</td><td class=\"num\">")
        .append(
            d.map(j -> j.path("threshold"))
                .filter(JsonNode::isNumber)
                .map(v -> String.format(Locale.ROOT, "%.4f", v.asDouble()))
                .orElse("–"))
        .append("</td><td>")
        .append(esc(d.map(j -> j.path("guard").path("decision").asText("–")).orElse("–")))
        .append("</td><td><small>")
        .append(esc(r.steps().isEmpty() ? "–" : r.steps()));
    d.map(j -> j.path("timings_ms"))
        .filter(JsonNode::isObject)
        .ifPresent(
            t -> {
              List<String> parts = new ArrayList<>();
              for (Map.Entry<String, JsonNode> e : t.properties()) {
                parts.add(e.getKey() + " " + e.getValue().asLong() + " ms");
              }
              h.append("<br>detection: ").append(esc(String.join(", ", parts)));
            });
    h.append("</small></td><td>");
    r.mask().ifPresent(m -> link(h, "mask", m, dir));
    r.itemFile().ifPresent(f -> link(h, "Item", f, dir));
    s.catalog().ifPresent(c -> link(h, "catalog", c, dir));
    s.resultItemUrl()
        .ifPresent(
            u ->
                h.append("<a href=\"")
                    .append(esc(u.toString()))
                    .append("\">Item in the STAC API</a><br>"));
    h.append("</td></tr>\n");
  }

  private static void link(StringBuilder h, String label, Path target, Path dir) {
    h.append("<a href=\"")
        .append(esc(relative(dir, target)))
        .append("\">")
        .append(esc(label))
        .append("</a><br>");
  }

  /** A relative URL from {@code dir} to {@code target} (an absolute file URL on another root). */
  static String relative(Path dir, Path target) {
    Path t = target.toAbsolutePath().normalize();
    if (!t.getRoot().equals(dir.getRoot())) {
      return t.toUri().toString();
    }
    String rel = dir.relativize(t).toString().replace('\\', '/');
    try {
      return new URI(null, null, rel, null).getRawPath();
    } catch (URISyntaxException e) {
      return t.toUri().toString();
    }
  }

  /** The footprints as an inline SVG, numbered like the table rows. */
  private static void map(StringBuilder h, List<Row> rows) {
    List<double[][]> rings = new ArrayList<>();
    double w = Double.POSITIVE_INFINITY;
    double s = Double.POSITIVE_INFINITY;
    double e = Double.NEGATIVE_INFINITY;
    double n = Double.NEGATIVE_INFINITY;
    for (Row r : rows) {
      double[][] ring = r.item().map(DemoReport::footprint).orElse(new double[0][]);
      rings.add(ring);
      for (double[] p : ring) {
        w = Math.min(w, p[0]);
        e = Math.max(e, p[0]);
        s = Math.min(s, p[1]);
        n = Math.max(n, p[1]);
      }
    }
    h.append("<svg id=\"footprints\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(MAP_W)
        .append("\" height=\"")
        .append(MAP_H)
        .append("\" viewBox=\"0 0 ")
        .append(MAP_W)
        .append(' ')
        .append(MAP_H)
        .append("\" role=\"img\" aria-label=\"scene footprints\">\n");
    if (!(e >= w) || !(n >= s)) {
      h.append("<text x=\"20\" y=\"40\">no footprints</text>\n</svg>\n");
      return;
    }
    // Equal scale on both axes (degrees, with longitude shrunk by cos(latitude)), 10 % margin.
    double kx = Math.cos(Math.toRadians((s + n) / 2));
    double spanX = Math.max((e - w) * kx, 1e-9);
    double spanY = Math.max(n - s, 1e-9);
    double scale = Math.min(MAP_W * 0.9 / spanX, MAP_H * 0.9 / spanY);
    double ox = (MAP_W - spanX * scale) / 2;
    double oy = (MAP_H - spanY * scale) / 2;
    for (int i = 0; i < rings.size(); i++) {
      double[][] ring = rings.get(i);
      if (ring.length == 0) {
        continue;
      }
      StringBuilder pts = new StringBuilder();
      double cx = 0;
      double cy = 0;
      for (double[] p : ring) {
        double x = ox + (p[0] - w) * kx * scale;
        double y = oy + (n - p[1]) * scale;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        cx += x;
        cy += y;
      }
      cx /= ring.length;
      cy /= ring.length;
      boolean ok = "Succeeded".equals(rows.get(i).scene().status());
      h.append("<a href=\"#scene-")
          .append(i + 1)
          .append("\"><polygon points=\"")
          .append(pts.toString().trim())
          .append("\" fill=\"")
          .append(ok ? "#1e64ff" : "#b00020")
          .append("\" fill-opacity=\"0.25\" stroke=\"")
          .append(ok ? "#1e64ff" : "#b00020")
          .append("\" stroke-width=\"1.5\"><title>")
          .append(esc(rows.get(i).scene().itemId()))
          .append("</title></polygon>")
          .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"", cx, cy))
          .append(" text-anchor=\"middle\" font-size=\"14\">")
          .append(i + 1)
          .append("</text></a>\n");
    }
    h.append(
            String.format(
                Locale.ROOT,
                "<text x=\"6\" y=\"%d\" font-size=\"11\" fill=\"#555\">%.4f, %.4f – %.4f, %.4f"
                    + " (WGS 84)</text>\n",
                MAP_H - 6,
                w,
                s,
                e,
                n))
        .append("</svg>\n");
  }

  /** The outer ring of a Polygon footprint, else the bbox as a ring; lon/lat pairs. */
  private static double[][] footprint(Item item) {
    Optional<JsonNode> g = item.geometry();
    if (g.isPresent() && "Polygon".equals(g.get().path("type").asText())) {
      JsonNode ring = g.get().path("coordinates").path(0);
      if (ring.isArray() && ring.size() >= 4) {
        double[][] out = new double[ring.size()][];
        for (int i = 0; i < ring.size(); i++) {
          out[i] = new double[] {ring.get(i).path(0).asDouble(), ring.get(i).path(1).asDouble()};
        }
        return out;
      }
    }
    Optional<Bbox> b = item.bbox();
    if (b.isEmpty()) {
      return new double[0][];
    }
    Bbox x = b.get();
    return new double[][] {
      {x.west(), x.south()}, {x.east(), x.south()}, {x.east(), x.north()}, {x.west(), x.north()}
    };
  }

  /** Escapes text for HTML content and double-quoted attributes. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
