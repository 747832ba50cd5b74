package io.waterbodies.stac.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Catalog;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.model.Link;
import io.waterbodies.stac.validation.Finding;
import io.waterbodies.stac.validation.StacValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
  @TempDir Path tmp;

  private Item item(String id, Path assetFile) {
    return Item.builder(id)
        .geometryFromBbox(Bbox.of(10, 45, 11, 46))
        .datetime(Instant.parse("2024-05-01T10:00:00Z"))
        .link(Link.of("self", "https://old.example.com/" + id + ".json"))
        .link(Link.of("license", "https://example.com/license"))
        .asset(
            "data",
            Asset.builder(assetFile.toUri().toString()).roles("data").type("image/tiff").build())
        .asset(
            "remote",
            Asset.builder("https://example.com/" + id + ".png").roles("thumbnail").build())
        .build();
  }

  @Test
  void writeSelfContainedThenReadBack() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Path a = Files.writeString(src.resolve("mask-a.tif"), "tiff a");
    Path b = Files.writeString(src.resolve("mask-b.tif"), "tiff b");
    Catalog catalog =
        Catalog.builder("water-bodies", "Detected water bodies")
            .link(Link.of("self", "https://old.example.com/catalog.json"))
            .build();
    Path out = tmp.resolve("out");

    Path rootFile =
        CatalogWriter.selfContained()
            .allowingAssetsUnder(src)
            .write(catalog, List.of(item("A1", a), item("B2", b)), out);

    assertThat(rootFile).isEqualTo(out.resolve("catalog.json"));
    assertThat(out.resolve("A1/A1.json")).isRegularFile();
    assertThat(out.resolve("B2/B2.json")).isRegularFile();
    assertThat(out.resolve("A1/mask-a.tif")).hasContent("tiff a");
    assertThat(out.resolve("B2/mask-b.tif")).hasContent("tiff b");

    JsonNode root = StacReader.create().readTree(rootFile);
    assertThat(root.toString()).doesNotContain("\"self\"").doesNotContain(tmp.toString());
    Item a1 = StacReader.create().readItem(out.resolve("A1/A1.json"));
    assertThat(a1.asset("data").orElseThrow().href()).isEqualTo("./mask-a.tif");
    assertThat(a1.asset("remote").orElseThrow().href()).isEqualTo("https://example.com/A1.png");
    assertThat(a1.link("root").orElseThrow().href()).isEqualTo("../catalog.json");
    assertThat(a1.link("parent").orElseThrow().href()).isEqualTo("../catalog.json");
    assertThat(a1.link("license")).isPresent();
    assertThat(a1.link("self")).isEmpty();

    // Move the folder: relative links keep working.
    Path moved = Files.move(out, tmp.resolve("moved"));
    StaticCatalog cat = StaticCatalog.open(moved.resolve("catalog.json"));
    assertThat(cat.root().id()).isEqualTo("water-bodies");
    List<Item> items;
    try (Stream<Item> s = cat.allItems()) {
      items = s.toList();
    }
    assertThat(items).extracting(Item::id).containsExactly("A1", "B2");
    Item back = items.get(0);
    assertThat(Path.of(back.asset("data").orElseThrow().resolveHref(back.location().orElseThrow())))
        .isEqualTo(moved.resolve("A1/mask-a.tif"))
        .hasContent("tiff a");
    assertThat(back.datetime()).contains(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(back.assetHref("data")).contains(moved.resolve("A1/mask-a.tif").toUri());

    // Copy the read catalog again: its relative asset hrefs resolve against each item's file.
    Path again = tmp.resolve("again");
    CatalogWriter.selfContained().write(cat, again);
    assertThat(again.resolve("A1/mask-a.tif")).hasContent("tiff a");
    assertThat(again.resolve("B2/mask-b.tif")).hasContent("tiff b");
    assertThat(StacReader.create().readTree(again.resolve("catalog.json")))
        .isEqualTo(StacReader.create().readTree(moved.resolve("catalog.json")));

    // Every written document is valid against the official schemas.
    StacValidator v = StacValidator.builder().schemas(SharedFiles.stacSchemas()).build();
    try (Stream<Path> files = Files.walk(moved)) {
      files
          .filter(p -> p.toString().endsWith(".json"))
          .forEach(p -> assertThat(v.validate(p)).as(p.toString()).allMatch(f -> !f.isError()));
    }
  }

  @Test
  void readsTheSharedCatalogTreeResolvingRelativeHrefs() {
    StaticCatalog cat =
        StaticCatalog.open(SharedFiles.stacExamples().resolve("1.1.0/catalog.json"));
    assertThat(cat.childList())
        .extracting(c -> c.root().id())
        .containsExactly("extensions-collection", "sentinel-2", "sentinel-2");
    try (Stream<Item> items = cat.allItems()) {
      assertThat(items.map(Item::id))
          .containsExactlyInAnyOrder("CS3-20160503_132131_08", "proj-example");
    }
    try (Stream<StaticCatalog> nodes = cat.walk()) {
      assertThat(nodes.count()).isEqualTo(4);
    }
  }

  @Test
  void copiesATreeWithCollectionsAndKeepsItemsInTheirCollection() {
    StaticCatalog source =
        StaticCatalog.open(
            SharedFiles.stacExamples().resolve("1.0.0/extensions-collection/collection.json"));
    Path out = tmp.resolve("copy");
    Path root = CatalogWriter.selfContained().write(source, out);
    assertThat(root).isEqualTo(out.resolve("collection.json"));
    Item item = StacReader.create().readItem(out.resolve("proj-example/proj-example.json"));
    assertThat(item.collection()).contains("extensions-collection");
    assertThat(item.link("collection").orElseThrow().href()).isEqualTo("../collection.json");
    assertThat(item.link("root").orElseThrow().href()).isEqualTo("../collection.json");
    StaticCatalog back = StaticCatalog.open(root);
    try (Stream<Item> items = back.allItems()) {
      Item read = items.findFirst().orElseThrow();
      // Apart from the rewritten links, the item is what was read.
      Item original =
          StacReader.create()
              .readItem(
                  SharedFiles.stacExamples()
                      .resolve("1.0.0/extensions-collection/proj-example/proj-example.json"));
      assertThat(read.properties()).isEqualTo(original.properties());
      assertThat(read.assets()).isEqualTo(original.assets());
    }
    assertThat(
            Finding.valid(
                StacValidator.builder().schemas(SharedFiles.stacSchemas()).build().validate(root)))
        .isTrue();
  }

  @Test
  void duplicateIdsAreRefusedRatherThanOverwritten() {
    StaticCatalog cat =
        StaticCatalog.open(SharedFiles.stacExamples().resolve("1.1.0/catalog.json"));
    assertThatThrownBy(() -> CatalogWriter.selfContained().write(cat, tmp.resolve("dup")))
        .isInstanceOf(StacFormatException.class)
        .hasMessageContaining("have the id 'sentinel-2'");
  }

  @Test
  void missingLocalAssetIsAnIoErrorNamingIt() {
    Catalog c = Catalog.builder("c", "d").build();
    Path missing = tmp.resolve("nope.tif");
    assertThatThrownBy(
            () ->
                CatalogWriter.selfContained()
                    .write(c, List.of(item("X", missing)), tmp.resolve("o")))
        .isInstanceOf(io.waterbodies.stac.StacIoException.class)
        .hasMessageContaining("nope.tif")
        .hasMessageContaining("asset 'data' of item 'X'");
  }

  @Test
  void unsafeIdsAreRefused() {
    Catalog c = Catalog.builder("c", "d").build();
    Item bad = Item.builder("../escape").build();
    assertThatThrownBy(() -> CatalogWriter.selfContained().write(c, List.of(bad), tmp.resolve("o")))
        .isInstanceOf(StacFormatException.class)
        .hasMessageContaining("cannot be used as a file name");
  }

  @Test
  void withoutCopyingAssetsReferencesThemByAbsoluteUri() throws IOException {
    Path a = Files.writeString(tmp.resolve("a.tif"), "tiff a");
    Catalog c = Catalog.builder("c", "d").build();
    Path out = tmp.resolve("nocopy");
    CatalogWriter.selfContained().withoutCopyingAssets().write(c, List.of(item("A", a)), out);
    Item back = StacReader.create().readItem(out.resolve("A/A.json"));
    assertThat(back.asset("data").orElseThrow().href()).isEqualTo(a.toUri().toString());
    assertThat(out.resolve("A/a.tif")).doesNotExist();
  }

  @Test
  void allowedFoldersAndSanitisedNames() throws IOException {
    Path secret =
        Files.writeString(Files.createDirectories(tmp.resolve("x")).resolve("s.txt"), "s");
    Item item =
        Item.builder("i").asset("d", Asset.builder(secret.toUri().toString()).build()).build();
    Path root =
        CatalogWriter.selfContained()
            .allowingAssetsUnder(tmp.resolve("x"))
            .write(Catalog.builder("c", "d").build(), List.of(item), tmp.resolve("o"));
    assertThat(root.resolveSibling("i/s.txt")).hasContent("s");
    assertThat(CatalogWriter.fileNameFor("../../x")).isEqualTo("_._.._x");
    assertThat(CatalogWriter.fileNameFor(".hidden")).isEqualTo("_hidden");
    assertThat(CatalogWriter.fileNameFor("a b\\c:d.tif")).isEqualTo("a_b_c_d.tif");
    assertThat(CatalogWriter.fileNameFor("")).isEqualTo("_");
  }
}
