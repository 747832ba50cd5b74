package io.waterbodies.stac;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.catalog.CatalogWriter;
import io.waterbodies.stac.catalog.StaticCatalog;
import io.waterbodies.stac.ext.BandLookup;
import io.waterbodies.stac.ext.EoExtension;
import io.waterbodies.stac.ext.ProjectionExtension;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.io.StacWriter;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Catalog;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.validation.Finding;
import io.waterbodies.stac.validation.StacValidator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's STAC example, run against the shared fixtures, so the README stays true. */
class ReadmeExampleTest {
  @TempDir Path out;

  @Test
  void readmeExampleRuns() {
    Path itemFile = SharedFiles.stacExamples().resolve("1.0.0/example-sentinel2.json");

    StacReader reader = StacReader.create();
    Item item = reader.readItem(itemFile);
    Instant when = item.datetime().orElseThrow();
    double clouds = EoExtension.of(item).cloudCover().orElse(0);
    int epsg = ProjectionExtension.of(item).epsg().orElseThrow();
    BandLookup.AssetBand green = BandLookup.find(item, "green").orElseThrow();

    Item result =
        Item.builder(item.id())
            .geometryFromBbox(Bbox.of(-121.399, 39.834, -120.74, 40.472))
            .datetime(when)
            .asset("data", Asset.builder("./mask.tif").roles("data", "visual").build())
            .build();
    String json = StacWriter.pretty().write(result);

    StacValidator validator = StacValidator.builder().schemas(SharedFiles.stacSchemas()).build();
    List<Finding> findings = validator.validate(itemFile);

    Path root =
        CatalogWriter.selfContained()
            .write(Catalog.builder("water", "Water bodies").build(), List.of(result), out);
    long count;
    try (Stream<Item> items = StaticCatalog.open(root).allItems()) {
      count = items.count();
    }

    assertThat(clouds).isEqualTo(88.2972);
    assertThat(epsg).isEqualTo(32646);
    assertThat(green.assetKey()).isEqualTo("green");
    assertThat(json).contains("\"datetime\": \"2021-09-08T04:27:01.024Z\"");
    assertThat(Finding.valid(findings)).isTrue();
    assertThat(count).isEqualTo(1);
  }
}
