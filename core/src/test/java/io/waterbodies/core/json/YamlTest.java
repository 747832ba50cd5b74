package io.waterbodies.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The shared YAML reader enforces its bounds on hostile documents. */
class YamlTest {
  @Test
  void readsOrdinaryYaml() throws Exception {
    JsonNode n = Yaml.mapper().readTree("a: 1\nb: [x, y]\nc: {d: 0.10}\n");
    assertThat(n.path("b").get(1).asText()).isEqualTo("y");
    assertThat(n.path("c").path("d").decimalValue().toPlainString()).isEqualTo("0.10");
  }

  @Test
  void refusesDuplicateKeys() {
    assertThatThrownBy(() -> Yaml.mapper().readTree("a: 1\nb: 2\na: 3\n"))
        .hasMessageContaining("a");
  }

  @Test
  void aliasBombsDoNotExpand() throws Exception {
    StringBuilder y = new StringBuilder("a0: &a0 [x, x]\n");
    for (int i = 1; i <= 60; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1);
      y.append(", *a").append(i - 1).append("]\n");
    }
    // 2^60 leaves if aliases were expanded; the reader must stay small either way.
    JsonNode n = Yaml.mapper().readTree(y.toString());
    assertThat(n.toString().length()).isLessThan(100_000);
  }

  @Test
  void refusesDeepNestingAndLargeDocuments() {
    // Both the nesting and the size limits name the bound that was hit.
    String deep = "[".repeat(300) + "]".repeat(300);
    assertThatThrownBy(() -> Yaml.mapper().readTree(deep)).hasMessageContaining("depth");
    com.fasterxml.jackson.databind.ObjectMapper small =
        Yaml.newMapper(JsonLimits.DEFAULT.withMaxDocumentBytes(100));
    assertThatThrownBy(() -> small.readTree("k: " + "v".repeat(500))).hasMessageContaining("100");
  }
}
