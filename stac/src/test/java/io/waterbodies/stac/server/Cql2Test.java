package io.waterbodies.stac.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.stac.server.internal.ApiError;
import io.waterbodies.stac.server.internal.Cql2;
import io.waterbodies.stac.testing.TestItems;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The server's basic CQL2. */
class Cql2Test {
  static final StoredItem ITEM;

  static {
    ObjectNode i = TestItems.item("S2A_x", 10, 20, Instant.parse("2021-05-01T10:00:00Z"));
    i.withObjectProperty("properties").put("eo:cloud_cover", 12.5).put("platform", "sentinel-2a");
    ITEM = StoredItem.of("c", i);
  }

  static boolean eval(String text) {
    return Cql2.compile(Cql2.parseText(text)).test(ITEM);
  }

  @Test
  void textIsParsedToJson() {
    assertThat(Cql2.parseText("eo:cloud_cover < 10 AND platform = 'sentinel-2a'").toString())
        .isEqualTo(
            "{\"op\":\"and\",\"args\":[{\"op\":\"<\",\"args\":[{\"property\":\"eo:cloud_cover\"},10]},"
                + "{\"op\":\"=\",\"args\":[{\"property\":\"platform\"},\"sentinel-2a\"]}]}");
  }

  @Test
  void evaluatesComparisonsAndLogic() {
    assertThat(eval("eo:cloud_cover < 20")).isTrue();
    assertThat(eval("eo:cloud_cover >= 12.5 and eo:cloud_cover <= 12.5")).isTrue();
    assertThat(eval("eo:cloud_cover <> 12.5")).isFalse();
    assertThat(eval("NOT (eo:cloud_cover > 20) OR id = 'nope'")).isTrue();
    assertThat(eval("platform LIKE 'sentinel-2%'")).isTrue();
    assertThat(eval("platform NOT LIKE 'landsat%'")).isTrue();
    assertThat(eval("id IN ('a', 'S2A_x')")).isTrue();
    assertThat(eval("eo:cloud_cover BETWEEN 10 AND 15")).isTrue();
    assertThat(eval("gsd IS NULL")).isTrue();
    assertThat(eval("platform IS NOT NULL")).isTrue();
    assertThat(eval("datetime > TIMESTAMP('2021-04-30T00:00:00Z')")).isTrue();
    assertThat(eval("datetime < DATE('2021-05-01')")).isFalse();
    assertThat(eval("collection = 'c'")).isTrue();
    assertThat(eval("S_INTERSECTS(geometry, BBOX(9, 19, 11, 21))")).isTrue();
    assertThat(eval("S_INTERSECTS(geometry, BBOX(0, 0, 1, 1))")).isFalse();
    assertThat(eval("platform = 'it''s'")).isFalse();
  }

  @Test
  void errorsNameThePosition() {
    assertThatThrownBy(() -> Cql2.parseText("eo:cloud_cover <"))
        .isInstanceOf(ApiError.class)
        .hasMessageContaining("at the end");
    assertThatThrownBy(() -> Cql2.parseText("a = 'x"))
        .isInstanceOf(ApiError.class)
        .hasMessageContaining("character 5");
    assertThatThrownBy(() -> Cql2.parseText("a ~ 1")).isInstanceOf(ApiError.class);
  }
}
