package io.waterbodies.examples.cli;

import static io.waterbodies.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.pipeline.Threshold;
import io.waterbodies.events.pipeline.WorkflowRequest;
import io.waterbodies.events.pipeline.WorkflowResult;
import io.waterbodies.examples.pipeline.DetectionWorkflowLauncher;
import io.waterbodies.stac.catalog.StaticCatalog;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CWL application {@code waterbodies manifests} writes, run by cwltool (the reference runner
 * Calrissian is built on) without a container, {@code waterbodies} on PATH being a wrapper around
 * this build's command line: same threshold and water count as the embedded run of the same
 * Sentinel-2 Item.
 */
class CwlApplicationTest {
  static final Path SCENE =
      Path.of(System.getProperty("waterbodies.shared", "../../shared"))
          .resolve("data")
          .resolve("s2-29RKH-desert");

  /** About a third of the 29RKH tile (WGS 84). */
  static final String AOI = "-11.8,24.5,-11.3,25.0";

  @TempDir Path tmp;

  @Test
  void cwltoolRunsOurPackageAndMatchesTheEmbeddedRun() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(SCENE), "shared scene " + SCENE + " missing: skipping the cwltool run");
    Path deploy = tmp.resolve("deploy");
    assertThat(run("manifests", "--out", deploy.toString()).exit()).isZero();
    Path cwl = deploy.resolve("water-bodies-detection.cwl");
    assertThat(cwl).isRegularFile();

    Process validate = cwltool(List.of("--validate", cwl.toString()), Map.of());
    String validation = output(validate);
    assertThat(validate.exitValue()).as(log("--validate")).isZero();
    assertThat(validation + log("--validate")).contains("is valid CWL");

    Path item = itemWithRelativeHrefs(tmp);
    Path bin = wrapper();
    Path inputs = tmp.resolve("inputs.json");
    ObjectNode in = Json.object();
    in.putArray("stac_items").add(item.toString());
    in.put("aoi", AOI);
    in.put("epsg", "EPSG:4326");
    Files.writeString(inputs, Json.write(in, false));
    Path outdir = tmp.resolve("cwl-out");
    Process job =
        cwltool(
            List.of(
                "--no-container",
                "--outdir",
                outdir.toString(),
                cwl + "#water-bodies",
                inputs.toString()),
            Map.of("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    String stdout = output(job);
    assertThat(job.exitValue()).as(log("--no-container")).isZero();
    JsonNode outputs = Json.parse(stdout, "cwltool output");
    Path catalogDir = Path.of(outputs.at("/stac_catalog/path").asText());
    Path catalog = catalogDir.resolve("catalog.json");
    assertThat(catalog).isRegularFile();
    List<Item> items;
    try (var s = StaticCatalog.open(catalog).allItems()) {
      items = s.toList();
    }
    assertThat(items).extracting(Item::id).containsExactly("S2A_29RKH_20200219_0_L2A");
    Item cwlItem = items.get(0);
    assertThat(cwlItem.assets()).containsKeys("data", "diagnostics", "quicklook");
    JsonNode cwlDiag = Json.parse(Files.readString(path(cwlItem, "diagnostics")), "diagnostics");
    assertThat(path(cwlItem, "data")).isRegularFile();
    assertThat(path(cwlItem, "quicklook")).isRegularFile();

    // The embedded run of the same Item.
    Path work = Files.createDirectories(tmp.resolve("embedded"));
    String href = item.toUri().toString();
    WorkflowResult embedded =
        DetectionWorkflowLauncher.defaults()
            .launch(
                new WorkflowRequest(
                    "water-bodies-detection-cwl",
                    "uid-cwl",
                    Json.object(),
                    Map.of("items", "[\"" + href + "\"]", "aoi", AOI, "epsg", "EPSG:4326"),
                    List.of(href),
                    AOI,
                    "EPSG:4326",
                    Threshold.OTSU,
                    work));
    assertThat(embedded.message()).isEmpty();
    Item embeddedItem = embedded.items().get(0);
    JsonNode embeddedDiag =
        Json.parse(Files.readString(path(embeddedItem, "diagnostics")), "diagnostics");

    assertThat(cwlDiag.path("threshold").asDouble())
        .isEqualTo(embeddedDiag.path("threshold").asDouble());
    assertThat(cwlDiag.path("water_pixels").asLong())
        .isEqualTo(embeddedDiag.path("water_pixels").asLong())
        .isPositive();
    assertThat(cwlDiag.path("valid_pixels").asLong())
        .isEqualTo(embeddedDiag.path("valid_pixels").asLong());
    assertThat(cwlItem.toJson().at("/properties/water:threshold").asDouble())
        .isEqualTo(embeddedItem.toJson().at("/properties/water:threshold").asDouble());
  }

  /**
   * The real STAC Item of the scene with its green and nir hrefs made relative ({@code B03.tif},
   * {@code B08.tif}) to the Item file, the rasters copied beside it.
   */
  static Path itemWithRelativeHrefs(Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("scene"));
    ObjectNode item = (ObjectNode) Json.parse(Files.readString(SCENE.resolve("item.json")), "item");
    ((ObjectNode) item.at("/assets/green")).put("href", "B03.tif");
    ((ObjectNode) item.at("/assets/nir")).put("href", "./B08.tif");
    for (String f : List.of("B03.tif", "B08.tif")) {
      Files.copy(SCENE.resolve(f), dir.resolve(f));
    }
    Path file = dir.resolve("item.json");
    Files.writeString(file, Json.write(item, true));
    return file;
  }

  /** {@code bin/waterbodies}: runs this build's command line with the test class path. */
  private Path wrapper() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path cp = bin.resolve("classpath.txt");
    Files.writeString(cp, classPath, StandardCharsets.UTF_8);
    Path script = bin.resolve("waterbodies");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "exec '"
            + java
            + "' -cp \"$(cat '"
            + cp
            + "')\" io.waterbodies.examples.cli.WaterbodiesCommand \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private Process cwltool(List<String> args, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("cwltool");
    cmd.add("--quiet");
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectError(tmp.resolve("cwltool-" + args.get(0) + ".log").toFile());
    pb.environment().putAll(env);
    pb.environment().put("TMPDIR", tmp.toString());
    try {
      return pb.start();
    } catch (IOException e) {
      return fail("cwltool is not installed (scripts/prereqs.sh installs it): " + e.getMessage());
    }
  }

  private static String output(Process p) throws Exception {
    byte[] bytes = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("cwltool did not finish");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private String log(String firstArg) throws IOException {
    return Files.readString(tmp.resolve("cwltool-" + firstArg + ".log"));
  }

  private static Path path(Item item, String asset) {
    return Path.of(item.assetHref(asset).orElseThrow());
  }
}
