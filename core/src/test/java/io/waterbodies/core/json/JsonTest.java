package io.waterbodies.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void numbersRoundTripExactly() {
    String text = "{\"a\":0.1000,\"b\":1e400,\"c\":12345678901234567890,\"d\":-121.399}";
    JsonNode node = Json.parse(text, "<string>");
    assertThat(Json.parse(Json.write(node, false), "<string>")).isEqualTo(node);
    assertThat(Json.write(node, false)).contains("-121.399");
  }

  @Test
  void malformedJsonNamesLocationAndLine() {
    assertThatThrownBy(() -> Json.parse("{\n\"a\": [1, 2,,]}", "item.json"))
        .isInstanceOf(JsonException.class)
        .hasMessageStartingWith("item.json: ")
        .hasMessageContaining("line 2");
  }

  @Test
  void deepNestingAndOversizeAreTypedErrors() {
    String deep = "[".repeat(1000) + "]".repeat(1000);
    assertThatThrownBy(() -> Json.parse(deep, "deep.json"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("deep.json")
        .hasMessageContaining("limits");
    var small = Json.newMapper(JsonLimits.DEFAULT.withMaxDocumentBytes(1024));
    byte[] big = ("{\"a\":\"" + "x".repeat(4096) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Json.parse(small, new ByteArrayInputStream(big), "big.json"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("big.json")
        .hasMessageContaining("limits");
  }

  @Test
  void emptyAndTrailingContentAreRejected() {
    assertThatThrownBy(() -> Json.parse(new ByteArrayInputStream(new byte[0]), "empty.json"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("empty document");
    assertThatThrownBy(() -> Json.parse("{} {}", "two.json")).isInstanceOf(JsonException.class);
  }

  @Test
  void pointersEscapeTokens() {
    assertThat(JsonPointers.child(JsonPointers.child("", "a/b"), "c~d")).isEqualTo("/a~1b/c~0d");
    assertThat(JsonPointers.child("/links", 3)).isEqualTo("/links/3");
  }
}
