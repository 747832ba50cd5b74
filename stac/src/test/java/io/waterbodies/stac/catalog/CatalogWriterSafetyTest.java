package io.waterbodies.stac.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.io.StacWriter;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Catalog;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile item cannot make the writer write outside its folder or publish files from elsewhere.
 */
class CatalogWriterSafetyTest {
  @TempDir Path tmp;

  @Test
  void hostileAssetKeyCannotWriteOutsideTheOutputFolder() throws IOException {
    Path out = tmp.resolve("pub/out");
    Path a = Files.writeString(Files.createDirectories(out.resolve("A")).resolve("x.tif"), "one");
    Path b = Files.writeString(Files.createDirectories(out.resolve("B")).resolve("x.tif"), "two");
    // The second asset has the same file name, so its key becomes part of the file name.
    Item item =
        Item.builder("A")
            .asset("data", Asset.builder(a.toUri().toString()).build())
            .asset("../../../victim", Asset.builder(b.toUri().toString()).build())
            .build();
    CatalogWriter.selfContained().write(Catalog.builder("c", "d").build(), List.of(item), out);
    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.map(Path::toString))
          .noneMatch(f -> f.contains("victim") && !f.startsWith(out.toString()));
    }
    Item back = StacReader.create().readItem(out.resolve("A/A.json"));
    String href = back.asset("../../../victim").orElseThrow().href();
    assertThat(href).startsWith("./").doesNotContain("/..").doesNotContain("../");
    assertThat(out.resolve("A").resolve(href.substring(2))).hasContent("two");
  }

  @Test
  void assetsOutsideTheItemFolderAreRefusedNamingTheAsset() throws IOException {
    Path secret =
        Files.writeString(
            Files.createDirectories(tmp.resolve("x")).resolve("secret.txt"), "s3cr3t");
    Path srcDir = Files.createDirectories(tmp.resolve("src/a/b/item"));
    Files.writeString(srcDir.resolve("ok.tif"), "fine");
    for (String href : List.of("../../../../x/secret.txt", secret.toUri().toString())) {
      Path itemFile = srcDir.resolve("item.json");
      Files.writeString(
          itemFile,
          StacWriter.pretty()
              .write(
                  Item.builder("item")
                      .asset("fine", Asset.builder("./ok.tif").build())
                      .asset("loot", Asset.builder(href).build())
                      .build()));
      Item located = StacReader.create().readItem(itemFile);
      Path out = tmp.resolve("out-" + Math.abs(href.hashCode()));
      assertThatThrownBy(
              () ->
                  CatalogWriter.selfContained()
                      .write(Catalog.builder("c", "d").build(), List.of(located), out))
          .isInstanceOf(StacFormatException.class)
          .hasMessageContaining("asset 'loot' of item 'item'")
          .hasMessageContaining("outside the item's folder");
      assertThat(out.resolve("item/secret.txt")).doesNotExist();
    }
  }
}
