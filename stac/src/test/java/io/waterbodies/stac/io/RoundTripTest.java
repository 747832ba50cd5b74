package io.waterbodies.stac.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.model.StacDocument;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {
  static List<Path> examples() {
    return SharedFiles.allExamples();
  }

  private static JsonNode raw(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return Json.parse(in, file.toString());
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleRoundTripsToAnEqualTree(Path file) throws Exception {
    JsonNode input = raw(file);
    StacDocument doc = StacReader.create().read(file);

    assertThat(doc.toJson()).isEqualTo(input);
    String pretty = StacWriter.pretty().write(doc);
    String compact = StacWriter.compact().write(doc);
    assertThat(Json.parse(pretty, "pretty")).isEqualTo(input);
    assertThat(Json.parse(compact, "compact")).isEqualTo(input);
    // Reading what we wrote gives the same document again.
    assertThat(StacReader.create().read(pretty, "pretty")).isEqualTo(doc);
    assertThat(compact).doesNotContain("\n");
    assertThat(doc.location()).contains(file.toAbsolutePath().normalize().toUri());
    // Streaming and any ObjectMapper give the same JSON as the string form.
    java.io.StringWriter streamed = new java.io.StringWriter();
    StacWriter.pretty().write(doc, streamed);
    assertThat(streamed.toString()).isEqualTo(pretty);
    JsonNode viaMapper = Json.mapper().valueToTree(doc);
    assertThat(viaMapper).isEqualTo(input);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void numbersKeepTheirExactTextualForm(Path file) throws Exception {
    // Compare the written text of every number with the input's, not just numeric equality.
    JsonNode input = raw(file);
    String written = StacWriter.compact().write(StacReader.create().read(file));
    assertThat(numbers(Json.parse(written, "w"))).isEqualTo(numbers(input));
  }

  private static List<String> numbers(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    collect(n, out);
    return out;
  }

  private static void collect(JsonNode n, List<String> out) {
    if (n.isNumber()) {
      out.add(n.asText());
    }
    n.forEach(c -> collect(c, out));
  }
}
