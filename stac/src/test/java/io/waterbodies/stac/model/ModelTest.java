package io.waterbodies.stac.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.io.StacReader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelTest {
  private static final StacReader READER = StacReader.create();

  private static Path example(String rel) {
    return SharedFiles.stacExamples().resolve(rel);
  }

  @Test
  void itemAccessorsReadTheCommonMetadata() {
    Item item = READER.readItem(example("1.1.0/extended-item.json"));
    assertThat(item.id()).isEqualTo("20201211_223832_CS2");
    assertThat(item.stacVersion()).isEqualTo("1.1.0");
    assertThat(item.isStac11OrLater()).isTrue();
    assertThat(item.datetime()).contains(Instant.parse("2020-12-14T18:02:31.437Z"));
    assertThat(item.properties().created()).contains(Instant.parse("2020-12-15T01:48:13.725Z"));
    assertThat(item.properties().platform()).contains("cool_sat2");
    assertThat(item.properties().instruments()).containsExactly("cool_sensor_v2");
    assertThat(item.properties().gsd().getAsDouble()).isEqualTo(0.66);
    assertThat(item.properties().title()).contains("Extended Item");
    assertThat(item.collection()).contains("simple-collection");
    assertThat(item.bbox())
        .contains(
            Bbox.of(
                172.91173669923782, 1.3438851951615003, 172.95469614953714, 1.3690476620161975));
    assertThat(item.geometry().orElseThrow().get("type").asText()).isEqualTo("Polygon");
    assertThat(item.links(Link.REL_ROOT)).hasSize(1);
    assertThat(item.link("alternate").orElseThrow().type()).contains("text/html");
    assertThat(item.assets()).containsKeys("analytic", "thumbnail", "udm");
    Asset analytic = item.asset("analytic").orElseThrow();
    assertThat(analytic.hasRole("data")).isTrue();
    assertThat(analytic.bands()).hasSize(4);
    assertThat(analytic.bands().get(1).commonName()).contains("green");
    assertThat(analytic.bands().get(1).name()).contains("band2");
    assertThat(analytic.bands().get(1).centerWavelength().getAsDouble()).isEqualTo(0.56);
    // Fields without accessors are kept and reachable.
    assertThat(item.properties().extraFields()).containsKeys("eo:cloud_cover", "sci:doi");
    assertThat(item.properties().field("view:off_nadir").orElseThrow().decimalValue())
        .isEqualByComparingTo("3.8");
  }

  @Test
  void collectionAccessors() {
    Collection c = READER.readCollection(example("1.1.0/collection.json"));
    assertThat(c.id()).isEqualTo("simple-collection");
    assertThat(c.license()).isEqualTo("CC-BY-4.0");
    assertThat(c.providers()).hasSize(1);
    assertThat(c.providers().get(0).roles()).containsExactly("producer", "processor");
    assertThat(c.extent().bboxes()).hasSize(1);
    assertThat(c.extent().intervals().get(0).start())
        .contains(Instant.parse("2020-12-11T22:38:32.125Z"));
    assertThat(c.summaries()).containsKey("platform");
    assertThat(c.itemLinks()).hasSize(3);
    assertThat(c.keywords()).contains("simple");
  }

  @Test
  void openTemporalIntervalsAreEmptyEnds() {
    ObjectNode extent = Json.object();
    extent.putObject("spatial").putArray("bbox").addArray().add(-180).add(-90).add(180).add(90);
    extent
        .putObject("temporal")
        .putArray("interval")
        .addArray()
        .add("2020-01-01T00:00:00Z")
        .addNull();
    Extent e = Extent.fromJson(extent);
    assertThat(e.intervals().get(0).end()).isEmpty();
    assertThat(e.intervals().get(0).toDatetimeInterval().toString())
        .isEqualTo("2020-01-01T00:00:00Z/..");
  }

  @Test
  void builtItemHasTheFieldsSetAndValidShape() {
    Item item =
        Item.builder("scene-1")
            .geometryFromBbox(Bbox.of(10, 45, 11, 46))
            .datetime(Instant.parse("2024-01-01T10:00:00Z"))
            .platform("sentinel-2a")
            .property("eo:cloud_cover", 12.5)
            .collection("s2")
            .link(
                Link.builder("self", "https://example.com/scene-1.json")
                    .type("application/json")
                    .build())
            .asset("B03", Asset.builder("B03.tif").roles("data").type("image/tiff").build())
            .build();
    ObjectNode json = item.toJson();
    assertThat(json.get("type").asText()).isEqualTo("Feature");
    assertThat(json.get("stac_version").asText()).isEqualTo("1.1.0");
    assertThat(json.at("/properties/datetime").asText()).isEqualTo("2024-01-01T10:00:00Z");
    assertThat(json.at("/bbox").size()).isEqualTo(4);
    assertThat(json.at("/geometry/coordinates/0").size()).isEqualTo(5);
    assertThat(json.at("/assets/B03/roles/0").asText()).isEqualTo("data");
    assertThat(item.datetime()).contains(Instant.parse("2024-01-01T10:00:00Z"));
    assertThat(Item.fromJson(json)).isEqualTo(item);
  }

  @Test
  void toBuilderKeepsUnknownFieldsAndChangesOnlyWhatIsSet() {
    Item item = READER.readItem(example("1.0.0/example-sentinel2.json"));
    Item changed = item.toBuilder().platform("sentinel-2b").removeAsset("visual").build();
    assertThat(changed.properties().platform()).contains("sentinel-2b");
    assertThat(changed.assets()).doesNotContainKey("visual");
    assertThat(changed.properties().field("sentinel2:datatake_id"))
        .isEqualTo(item.properties().field("sentinel2:datatake_id"));
    ObjectNode expected = item.toJson();
    ((ObjectNode) expected.get("properties")).put("platform", "sentinel-2b");
    ((ObjectNode) expected.get("assets")).remove("visual");
    assertThat(changed.toJson()).isEqualTo(expected);
    // The original is unchanged.
    assertThat(item.properties().platform()).contains("sentinel-2a");
  }

  @Test
  void documentsCannotBeChangedThroughTheirJson() {
    Item item = READER.readItem(example("1.1.0/simple-item.json"));
    String id = item.id();
    ObjectNode json = item.toJson();
    json.put("id", "changed");
    ((ObjectNode) json.get("properties")).put("datetime", "1999-01-01T00:00:00Z");
    item.properties().field("datetime");
    assertThat(item.id()).isEqualTo(id);
    assertThat(item.toJson()).isNotEqualTo(json);
    assertThatThrownBy(() -> item.links().add(Link.of("x", "y")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void linksCarryStac11RequestFields() {
    ObjectNode body = Json.object().put("token", "abc");
    Link next =
        Link.builder("next", "https://api.example.com/search")
            .method("POST")
            .header("X-Page", "2")
            .body(body)
            .merge(true)
            .build();
    Link back = Link.fromJson(next.toJson());
    assertThat(back.method()).isEqualTo("POST");
    assertThat(back.headers()).containsEntry("X-Page", List.of("2"));
    assertThat(back.body()).contains(body);
    assertThat(back.merge()).isTrue();
    assertThat(Link.of("self", "x").method()).isEqualTo("GET");
  }

  @Test
  void hrefsResolveAgainstTheDocumentLocation() {
    URI base = URI.create("file:///data/cat/item/item.json");
    assertThat(Hrefs.resolve(base, "./B03.tif"))
        .isEqualTo(URI.create("file:///data/cat/item/B03.tif"));
    assertThat(Hrefs.resolve(base, "../catalog.json"))
        .isEqualTo(URI.create("file:///data/cat/catalog.json"));
    assertThat(Hrefs.resolve(base, "https://x.org/a.tif"))
        .isEqualTo(URI.create("https://x.org/a.tif"));
    assertThat(Hrefs.resolve(URI.create("https://x.org/stac/item.json"), "b.tif"))
        .isEqualTo(URI.create("https://x.org/stac/b.tif"));
  }

  @Test
  void builderRejectsInvalidFieldsWithThePointer() {
    assertThatThrownBy(
            () ->
                Item.builder("x")
                    .field("bbox", Json.mapper().createArrayNode().add(1).add(2).add(3))
                    .build())
        .isInstanceOf(StacFormatException.class)
        .satisfies(e -> assertThat(((StacFormatException) e).pointer()).contains("/bbox"));
  }

  @Test
  void geometryFromBboxKeepsAntimeridianBoxes() {
    Item item = Item.builder("x").geometryFromBbox(Bbox.of(170, -10, -170, 10)).build();
    assertThat(item.bbox().orElseThrow().crossesAntimeridian()).isTrue();
    assertThat(item.toJson().at("/bbox/0").decimalValue())
        .isEqualByComparingTo(BigDecimal.valueOf(170));
    assertThat(item.geometry()).isPresent();
    assertThat(Item.builder("y").build().geometry()).isEqualTo(Optional.empty());
  }

  @Test
  void itemCollectionBuilderAndLocationCopies() {
    Item a = Item.builder("a").datetime(Instant.parse("2024-01-01T00:00:00Z")).build();
    ItemCollection page =
        ItemCollection.builder()
            .item(a)
            .link(Link.of("next", "https://api.example.com/search?page=2"))
            .numberMatched(10)
            .numberReturned(1)
            .build();
    assertThat(page.items()).containsExactly(a);
    assertThat(page.link("next")).isPresent();
    assertThat(page.numberMatched()).hasValue(10);
    ItemCollection located = page.withLocation(URI.create("https://api.example.com/search"));
    assertThat(located.location()).contains(URI.create("https://api.example.com/search"));
    assertThat(located).isEqualTo(page);
    assertThat(located.items().get(0)).isSameAs(page.items().get(0));
    assertThat(ItemCollection.fromJson(page.toJson())).isEqualTo(page);
  }

  @Test
  void preRelease10CollectionsWithoutTypeAreReadAndWrittenUnchanged() {
    Collection c = READER.readCollection(example("1.0.0/collection.json"));
    ObjectNode old = c.toJson();
    old.remove("type");
    old.put("stac_version", "1.0.0-beta.2");
    Collection back = (Collection) StacReader.toDocument(old, "old", null);
    assertThat(back.type()).isEqualTo("Collection");
    assertThat(back.toJson()).isEqualTo(old);
    // From 1.0.0 on, 'type' is required.
    old.put("stac_version", "1.0.0");
    assertThatThrownBy(() -> Collection.fromJson(old))
        .isInstanceOf(StacFormatException.class)
        .hasMessageContaining("/type");
  }

  @Test
  void invertedBboxIsKeptAndReportedOnAccess() {
    Collection c = READER.readCollection(example("1.1.0/collection.json"));
    ObjectNode json = c.toJson();
    ((com.fasterxml.jackson.databind.node.ArrayNode) json.at("/extent/spatial/bbox/0"))
        .removeAll()
        .add(-180)
        .add(85)
        .add(180)
        .add(-56);
    Collection odd = Collection.fromJson(json);
    assertThat(odd.toJson()).isEqualTo(json);
    assertThatThrownBy(() -> odd.extent().bboxes())
        .isInstanceOf(StacFormatException.class)
        .hasMessageContaining("/extent/spatial/bbox/0")
        .hasMessageContaining("south 85.0 is greater than north -56.0");
  }

  @Test
  void bandBuilderWritesStac11Fields() {
    Band b = Band.builder().name("B03").commonName("green").nodata(0).dataType("uint16").build();
    assertThat(b.toJson().toString())
        .isEqualTo(
            "{\"name\":\"B03\",\"eo:common_name\":\"green\",\"nodata\":0,\"data_type\":\"uint16\"}");
    assertThat(b.commonName()).contains("green");
    assertThat(Band.builder().nodata(Double.NaN).build().nodata().orElseThrow().asText())
        .isEqualTo("nan");
    assertThat(Band.builder().nodata(-9999.5).build().nodata().orElseThrow().doubleValue())
        .isEqualTo(-9999.5);
  }

  @Test
  void modelTypesWorkWithAnyObjectMapper() throws Exception {
    Path file = example("1.1.0/extended-item.json");
    String text = java.nio.file.Files.readString(file);
    Item item = Json.mapper().readValue(text, Item.class);
    assertThat(item).isEqualTo(READER.readItem(file));
    StacDocument any = Json.mapper().readValue(text, StacDocument.class);
    assertThat(any).isInstanceOf(Item.class).isEqualTo(item);
    assertThat(Json.mapper().writeValueAsString(item)).isEqualTo(Json.write(item.toJson(), false));
    // Embedded in another object, both ways.
    record Event(String id, Item item) {}
    Event back =
        Json.mapper()
            .readValue(Json.mapper().writeValueAsString(new Event("e1", item)), Event.class);
    assertThat(back.item()).isEqualTo(item);
    assertThatThrownBy(() -> Json.mapper().readValue("{\"type\":\"Feature\"}", Item.class))
        .isInstanceOf(StacFormatException.class)
        .hasMessageContaining("/stac_version");
  }
}
