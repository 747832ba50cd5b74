package io.waterbodies.examples.cli;

import static io.waterbodies.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StacCommandTest {
  @TempDir Path tmp;

  private static final Path SHARED =
      Path.of(System.getProperty("waterbodies.shared", "../../shared"));
  private static final Path V11 = SHARED.resolve("examples/stac/1.1.0");

  private static List<String> topLevelJson(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().map(Path::toString).toList();
    }
  }

  @Test
  void validExamplesExitZeroWithBothLayers() throws IOException {
    List<String> files = topLevelJson(V11);
    String[] args =
        Stream.concat(
                Stream.of(
                    "stac",
                    "validate",
                    "--no-warnings",
                    "--schemas",
                    SHARED.resolve("schemas/stac").toString()),
                files.stream())
            .toArray(String[]::new);
    CliRun r = run(args);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void warningsAreListedButDoNotFail() {
    CliRun r =
        run(
            "stac",
            "validate",
            "--schemas",
            SHARED.resolve("schemas/stac").toString(),
            V11.resolve("extended-item.json").toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            V11.resolve("extended-item.json")
                + ": /stac_extensions/0: warning: no schema supplied for extension");
  }

  @Test
  void brokenCopyExitsOneNamingFilePointerAndProblem() throws IOException {
    String text = Files.readString(V11.resolve("core-item.json"));
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(text, "core");
    ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("properties"))
        .put("datetime", "2020-13-45");
    Path broken = tmp.resolve("broken.json");
    Files.writeString(broken, Json.write(node, true));
    Path malformed = Files.writeString(tmp.resolve("malformed.json"), "{\"type\":");

    CliRun r =
        run(
            "stac",
            "validate",
            V11.resolve("simple-item.json").toString(),
            broken.toString(),
            malformed.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(broken + ": /properties/datetime: 'datetime' is not a valid RFC 3339 date-time")
        .contains(malformed + ": /type: malformed JSON")
        .doesNotContain("simple-item.json");
  }

  @Test
  void missingFileIsAFindingAndBadArgumentsExitTwo() {
    CliRun r = run("stac", "validate", tmp.resolve("absent.json").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("absent.json: /: no such file");
    assertThat(run("stac", "validate").exit()).isEqualTo(2);
    assertThat(
            run("stac", "validate", "--schemas", tmp.resolve("nope").toString(), "x.json").exit())
        .isEqualTo(2);
  }

  @Test
  void formatPrintsTheDocumentAsTheModelWritesIt() {
    Path file = V11.resolve("extended-item.json");
    CliRun pretty = run("stac", "format", file.toString());
    assertThat(pretty.exit()).isZero();
    assertThat(pretty.out()).contains("\n  \"stac_version\": \"1.1.0\",");
    assertThat(Json.parse(pretty.out(), "out")).isEqualTo(Json.parse(readUnchecked(file), "in"));
    CliRun compact = run("stac", "format", "--compact", file.toString());
    assertThat(compact.out().strip()).doesNotContain("\n");
    assertThat(Json.parse(compact.out(), "out")).isEqualTo(Json.parse(readUnchecked(file), "in"));
  }

  @Test
  void formatOfABrokenFileExitsOneWithTheProblem() throws IOException {
    Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"type\": \"Feature\", \"id\": 3}");
    CliRun r = run("stac", "format", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(bad.toString()).contains("/stac_version");
  }

  private static String readUnchecked(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
