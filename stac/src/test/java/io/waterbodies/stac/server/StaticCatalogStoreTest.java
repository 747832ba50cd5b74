package io.waterbodies.stac.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A static catalog serves only documents under its own folder. */
class StaticCatalogStoreTest {
  @TempDir Path tmp;

  private static String item(String id) {
    return """
        {"type": "Feature", "stac_version": "1.1.0", "id": "%s",
         "geometry": null, "properties": {"datetime": "2024-01-01T00:00:00Z"},
         "links": [], "assets": {}}
        """
        .formatted(id);
  }

  @Test
  void linksLeavingTheCatalogFolderAreNotServedAndAreNamedInAWarning() throws IOException {
    Path cat = Files.createDirectories(tmp.resolve("pub/cat"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("item.json"), item("stolen"));
    Files.writeString(elsewhere.resolve("abs.json"), item("stolen-abs"));
    Files.createDirectories(cat.resolve("ok"));
    Files.writeString(cat.resolve("ok/ok.json"), item("ok"));
    Files.writeString(
        cat.resolve("collection.json"),
        """
        {"type": "Collection", "stac_version": "1.1.0", "id": "c", "description": "d",
         "license": "other",
         "extent": {"spatial": {"bbox": [[-180, -90, 180, 90]]},
                    "temporal": {"interval": [[null, null]]}},
         "links": [
           {"rel": "item", "href": "./ok/ok.json"},
           {"rel": "item", "href": "../../elsewhere/item.json"},
           {"rel": "item", "href": "%s"}
         ]}
        """
            .formatted(elsewhere.resolve("abs.json").toUri()));

    String log = capturingStderr(() -> StaticCatalogStore.load(cat));
    StaticCatalogStore store = StaticCatalogStore.load(cat);

    assertThat(store.items("c")).extracting(StoredItem::id).containsExactly("ok");
    assertThat(log)
        .contains("elsewhere/item.json")
        .contains("leaves the catalog folder")
        .contains("abs.json");
  }

  private static String capturingStderr(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
