package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.catalog.StaticCatalog;
import io.waterbodies.stac.model.Item;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code waterbodies detect}: both forms, and one-line errors with the documented exit codes. */
class DetectCommandTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static Path data() {
    return Path.of(System.getProperty("waterbodies.shared", "../../shared")).resolve("data");
  }

  @Test
  void bandsFormWritesTheThreeFiles() {
    String naip = data().resolve("naip-lakes/naip_2020.tif").toString();
    int rc = run("detect", "--green", naip + ":2", "--nir", naip + ":4", "--out", tmp.toString());
    assertThat(rc).as(err.toString()).isZero();
    assertThat(tmp.resolve("mask.tif")).isNotEmptyFile();
    assertThat(tmp.resolve("diagnostics.json")).isNotEmptyFile();
    assertThat(tmp.resolve("quicklook.png")).isNotEmptyFile();
    assertThat(out.toString()).contains("water 170058 of 675282 valid").contains("0.165658");
    // Where the time went, stage by stage, and the peak RSS (Linux).
    assertThat(out.toString())
        .containsPattern(
            "stages ms: jvm_start \\d+, open \\d+, read_tasks \\d+, read_wait \\d+, index \\d+,"
                + " histogram \\d+, otsu \\d+, mask \\d+, quicklook \\d+, write \\d+,"
                + " detect_total \\d+; read\\+index wall \\d+, read cpu \\d+, uptime \\d+, peak RSS \\d+ MB");
  }

  @Test
  void bandsCanBeHttpUrlsReadWithRangeRequests() throws Exception {
    Path file = data().resolve("naip-lakes/naip_2020.tif");
    byte[] all = Files.readAllBytes(file);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/naip.tif",
        ex -> {
          try (ex) {
            Matcher m =
                Pattern.compile("bytes=(\\d+)-(\\d+)")
                    .matcher(String.valueOf(ex.getRequestHeaders().getFirst("Range")));
            if (!m.matches()) {
              ex.sendResponseHeaders(416, -1);
              return;
            }
            int a = Integer.parseInt(m.group(1));
            int b = (int) Math.min(Long.parseLong(m.group(2)), all.length - 1L);
            ex.getResponseHeaders().set("Content-Range", "bytes " + a + "-" + b + "/" + all.length);
            ex.sendResponseHeaders(206, b - a + 1L);
            ex.getResponseBody().write(all, a, b - a + 1);
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/naip.tif";
      int rc = run("detect", "--green", url + ":2", "--nir", url + ":4", "--out", tmp.toString());
      assertThat(rc).as(err.toString()).isZero();
      assertThat(tmp.resolve("mask.tif")).isNotEmptyFile();
      assertThat(out.toString()).contains("water 170058 of 675282 valid");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void itemFormWritesTheCatalogAndTheGuardEmptiesTheDesert() {
    Path desert = data().resolve("s2-29RKH-desert");
    int rc =
        run(
            "detect",
            "--item",
            desert.resolve("item.json").toString(),
            "--asset-root",
            desert.toString(),
            "--guard",
            "--out",
            tmp.toString());
    assertThat(rc).as(err.toString()).isZero();
    assertThat(tmp.resolve("catalog.json")).isNotEmptyFile();
    assertThat(tmp.resolve("S2A_29RKH_20200219_0_L2A/S2A_29RKH_20200219_0_L2A.json"))
        .isNotEmptyFile();
    assertThat(out.toString()).contains("water 0 of").contains("guard no_water");
  }

  @Test
  void errorsAreOneLineWithExitCodes() {
    String naip = data().resolve("naip-lakes/naip_2020.tif").toString();
    int rc = run("detect", "--green", naip + ":9", "--nir", naip + ":4", "--out", tmp.toString());
    assertThat(rc).isEqualTo(WaterbodiesCommand.EXIT_ERROR);
    assertThat(err.toString().trim()).doesNotContain("\n").contains("band 9").contains(naip);

    err.getBuffer().setLength(0);
    assertThat(run("detect", "--green", naip + ":2", "--out", tmp.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--nir");

    err.getBuffer().setLength(0);
    assertThat(
            run(
                "detect",
                "--green",
                naip + ":2",
                "--nir",
                naip + ":4",
                "--threshold",
                "high",
                "--out",
                tmp.toString()))
        .isEqualTo(2);
  }

  @Test
  void severalItemsByPathAndUrlGoToOneCatalog() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(CwlApplicationTest.SCENE), "shared scene missing");
    Path a = CwlApplicationTest.itemWithRelativeHrefs(tmp);
    ObjectNode other = (ObjectNode) Json.parse(Files.readString(a), "item");
    other.put("id", "second");
    Path b = a.resolveSibling("second.json");
    Files.writeString(b, Json.write(other, true));
    Path outDir = tmp.resolve("out");
    int code =
        run(
            "detect",
            "--item",
            a.toString(),
            "--item",
            b.toUri().toString(),
            "--aoi",
            "-11.6,24.7,-11.5,24.8",
            "--out",
            outDir.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines().filter(l -> l.contains(" px, water "))).hasSize(2);
    List<Item> items;
    try (var st = StaticCatalog.open(outDir.resolve("catalog.json")).allItems()) {
      items = st.toList();
    }
    assertThat(items)
        .extracting(Item::id)
        .containsExactlyInAnyOrder("S2A_29RKH_20200219_0_L2A", "second");
    for (Item i : items) {
      assertThat(i.assets()).containsOnlyKeys("data", "diagnostics", "quicklook");
      assertThat(outDir.resolve(i.id()).resolve("mask.tif")).isRegularFile();
      assertThat(Path.of(i.assetHref("diagnostics").orElseThrow()))
          .isEqualTo(outDir.resolve(i.id()).resolve("diagnostics.json"));
    }
  }
}
