package io.waterbodies.stac.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonLimits;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.StacException;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.StacIoException;
import io.waterbodies.stac.StacLimitException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path dir;

  private ObjectNode validItem() {
    try {
      return (ObjectNode)
          StacReader.create().readTree(SharedFiles.stacExamples().resolve("1.1.0/core-item.json"));
    } catch (StacException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes a mutated copy of a valid item and reads it, expecting a format error. */
  private StacFormatException readMutated(Consumer<ObjectNode> mutation) throws IOException {
    ObjectNode item = validItem();
    mutation.accept(item);
    Path file = dir.resolve("broken.json");
    Files.writeString(file, Json.write(item, true));
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(() -> StacReader.create().read(file));
    assertThat(t).isInstanceOf(StacFormatException.class);
    StacFormatException e = (StacFormatException) t;
    assertThat(e.location()).contains(file.toString());
    assertThat(e.getMessage()).startsWith(file.toString() + ": ");
    return e;
  }

  @Test
  void malformedJsonNamesFileLineAndPointer() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file, "{\n  \"type\": \"Feature\",\n  \"properties\": {\"a\": [1, 2,, 3]}\n}");
    assertThatThrownBy(() -> StacReader.create().read(file))
        .isInstanceOf(StacFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("malformed JSON at line 3")
        .satisfies(
            e -> assertThat(((StacFormatException) e).pointer()).contains("/properties/a/2"));
  }

  @Test
  void duplicateKeysAreRefusedRatherThanOneSilentlyDropped() {
    String json = "{\"type\":\"Feature\",\"properties\":{\"gsd\":10,\"gsd\":20}}";
    assertThatThrownBy(() -> StacReader.create().read(json, "dup.json"))
        .isInstanceOf(StacFormatException.class)
        .hasMessageContaining("dup.json")
        .hasMessageContaining("Duplicate field 'gsd'")
        .satisfies(
            e -> assertThat(((StacFormatException) e).pointer()).contains("/properties/gsd"));
  }

  @Test
  void wrongType() throws IOException {
    StacFormatException e = readMutated(i -> i.put("type", "Catalogue"));
    assertThat(e.pointer()).contains("/type");
    assertThat(e.detail()).contains("Catalogue");
  }

  @Test
  void fiveNumberBbox() throws IOException {
    StacFormatException e = readMutated(i -> ((ArrayNode) i.get("bbox")).add(5));
    assertThat(e.pointer()).contains("/bbox");
    assertThat(e.detail()).contains("4 or 6 numbers, found 5");
  }

  @Test
  void impossibleDatetime() throws IOException {
    StacFormatException e =
        readMutated(i -> ((ObjectNode) i.get("properties")).put("datetime", "2020-13-45"));
    assertThat(e.pointer()).contains("/properties/datetime");
    assertThat(e.detail()).contains("2020-13-45");
  }

  @Test
  void missingId() throws IOException {
    StacFormatException e = readMutated(i -> i.remove("id"));
    assertThat(e.pointer()).contains("/id");
    assertThat(e.detail()).contains("missing");
  }

  @Test
  void nonObjectWhereObjectBelongs() throws IOException {
    assertThat(readMutated(i -> i.put("properties", "none")).pointer()).contains("/properties");
    assertThat(readMutated(i -> ((ObjectNode) i.get("assets")).put("data", 3)).pointer())
        .contains("/assets/data");
    assertThat(
            readMutated(
                    i ->
                        ((ArrayNode) i.get("links"))
                            .set(0, Json.mapper().getNodeFactory().textNode("x")))
                .pointer())
        .contains("/links/0");
    assertThat(readMutated(i -> i.put("geometry", 5)).pointer()).contains("/geometry");
  }

  @Test
  void linkWithoutHref() throws IOException {
    StacFormatException e = readMutated(i -> ((ObjectNode) i.at("/links/0")).remove("href"));
    assertThat(e.pointer()).contains("/links/0/href");
  }

  @Test
  void nonObjectDocument() {
    assertThatThrownBy(() -> StacReader.create().read("[1,2]", "list.json"))
        .isInstanceOf(StacFormatException.class)
        .hasMessageStartingWith("list.json: /: a STAC document must be a JSON object");
  }

  @Test
  void documentOverTheSizeLimitIsRefusedBeforeReading() throws IOException {
    // A 50 MB document, well-formed, over a 10 MB limit.
    Path file = dir.resolve("big.json");
    writeBigItem(file, 50L * 1024 * 1024);
    assertThat(Files.size(file)).isGreaterThan(50L * 1024 * 1024);
    StacReader reader =
        StacReader.builder()
            .limits(JsonLimits.DEFAULT.withMaxDocumentBytes(10L * 1024 * 1024))
            .build();
    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(StacLimitException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("over the limit of 10485760 bytes");
    // Through a stream (size unknown up front) the parser stops at the limit.
    byte[] head = Files.readAllBytes(file);
    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(head), "stream:big"))
        .isInstanceOf(StacLimitException.class)
        .hasMessageContaining("stream:big");
  }

  @Test
  void deepNestingIsALimitErrorWithAPointer() {
    StringBuilder sb = new StringBuilder("{\"type\":\"Feature\",\"properties\":{\"deep\":");
    sb.append("[".repeat(5000)).append("]".repeat(5000)).append("}}");
    assertThatThrownBy(() -> StacReader.create().read(sb.toString(), "deep.json"))
        .isInstanceOf(StacLimitException.class)
        .hasMessageContaining("deep.json")
        .hasMessageContaining("nesting")
        .satisfies(
            e ->
                assertThat(((StacLimitException) e).pointer().orElseThrow())
                    .startsWith("/properties/deep/0/0"));
  }

  @Test
  void missingFileIsAnIoError() {
    Path file = dir.resolve("absent.json");
    assertThatThrownBy(() -> StacReader.create().read(file))
        .isInstanceOf(StacIoException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void unusableUrisAreIoErrorsNamingThem() {
    assertThatThrownBy(
            () -> StacReader.create().read(java.net.URI.create("ftp://example.com/a.json")))
        .isInstanceOf(StacIoException.class)
        .hasMessageContaining("unsupported scheme 'ftp'");
    assertThatThrownBy(
            () -> StacReader.create().read(java.net.URI.create("file://somehost/a.json")))
        .isInstanceOf(StacIoException.class)
        .hasMessageContaining("file://somehost/a.json");
  }

  @Test
  void expectingAnotherTypeNamesIt() {
    Path file = SharedFiles.stacExamples().resolve("1.1.0/catalog.json");
    assertThatThrownBy(() -> StacReader.create().readItem(file))
        .isInstanceOf(StacFormatException.class)
        .hasMessageContaining("expected a Item but the document is a Catalog");
  }

  private static void writeBigItem(Path file, long minBytes) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      w.write("{\"type\":\"Feature\",\"stac_version\":\"1.1.0\",\"id\":\"big\",\"geometry\":null,");
      w.write("\"properties\":{\"datetime\":\"2020-01-01T00:00:00Z\",\"values\":[");
      String chunk = "123456.789,".repeat(1000);
      long written = 0;
      while (written < minBytes) {
        w.write(chunk);
        written += chunk.length();
      }
      w.write("0]},\"links\":[],\"assets\":{}}");
    }
  }
}
