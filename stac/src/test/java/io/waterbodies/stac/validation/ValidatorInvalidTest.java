package io.waterbodies.stac.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonLimits;
import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.io.StacReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidatorInvalidTest {
  private static final StacValidator SCHEMA = ValidatorExamplesTest.VALIDATOR;
  private static final StacValidator STRUCTURAL = StacValidator.structural();

  @TempDir Path dir;

  private static ObjectNode example(String rel) {
    return (ObjectNode) StacReader.create().readTree(SharedFiles.stacExamples().resolve(rel));
  }

  private static ObjectNode obj(JsonNode n, String pointer) {
    return (ObjectNode) n.at(pointer);
  }

  record Case(String name, String file, Consumer<ObjectNode> mutation, String pointer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case("wrong type", "1.1.0/core-item.json", i -> i.put("type", "Featur"), "/type"),
            new Case("missing id", "1.1.0/core-item.json", i -> i.remove("id"), "/id"),
            new Case("numeric id", "1.0.0/core-item.json", i -> i.put("id", 42), "/id"),
            new Case(
                "5-number bbox",
                "1.1.0/core-item.json",
                i -> ((ArrayNode) i.get("bbox")).add(1),
                "/bbox"),
            new Case(
                "bbox of strings",
                "1.0.0/core-item.json",
                i ->
                    ((ArrayNode) i.get("bbox"))
                        .set(0, Json.mapper().getNodeFactory().textNode("a")),
                "/bbox/0"),
            new Case(
                "bbox with null geometry",
                "1.1.0/core-item.json",
                i -> i.putNull("geometry"),
                "/bbox"),
            new Case(
                "geometry without bbox", "1.1.0/core-item.json", i -> i.remove("bbox"), "/bbox"),
            new Case(
                "impossible datetime",
                "1.1.0/core-item.json",
                i -> obj(i, "/properties").put("datetime", "2020-13-45"),
                "/properties/datetime"),
            new Case(
                "datetime without timezone",
                "1.0.0/core-item.json",
                i -> obj(i, "/properties").put("datetime", "2020-01-01T00:00:00"),
                "/properties/datetime"),
            new Case(
                "null datetime without interval",
                "1.1.0/core-item.json",
                i -> {
                  obj(i, "/properties").putNull("datetime");
                  obj(i, "/properties").remove("start_datetime");
                },
                "/properties/datetime"),
            new Case(
                "missing datetime",
                "1.1.0/simple-item.json",
                i -> obj(i, "/properties").remove("datetime"),
                "/properties/datetime"),
            new Case(
                "properties not an object",
                "1.1.0/core-item.json",
                i -> i.put("properties", "x"),
                "/properties"),
            new Case(
                "asset not an object",
                "1.1.0/core-item.json",
                i -> obj(i, "/assets").put("analytic", 7),
                "/assets/analytic"),
            new Case(
                "asset without href",
                "1.0.0/core-item.json",
                i -> obj(i, "/assets/analytic").remove("href"),
                "/assets/analytic/href"),
            new Case(
                "link without rel",
                "1.1.0/core-item.json",
                i -> obj(i, "/links/0").remove("rel"),
                "/links/0/rel"),
            new Case(
                "links not an array", "1.1.0/catalog.json", i -> i.putObject("links"), "/links"),
            new Case(
                "catalog without description",
                "1.0.0/catalog.json",
                i -> i.remove("description"),
                "/description"),
            new Case(
                "collection extent bbox of 3",
                "1.1.0/collection.json",
                i -> ((ArrayNode) i.at("/extent/spatial/bbox/0")).remove(0),
                "/extent/spatial/bbox/0"),
            new Case(
                "collection interval not a date",
                "1.0.0/collection.json",
                i ->
                    ((ArrayNode) i.at("/extent/temporal/interval/0"))
                        .set(0, Json.mapper().getNodeFactory().textNode("yesterday")),
                "/extent/temporal/interval/0/0"),
            new Case(
                "collection without license",
                "1.1.0/collection.json",
                i -> i.remove("license"),
                "/license"))
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void eachBrokenDocumentIsRejectedAtItsPointerByTheStructuralLayer(Case c) {
    ObjectNode doc = example(c.file());
    assertThat(Finding.valid(STRUCTURAL.validate(doc))).as("unmutated " + c.file()).isTrue();
    c.mutation().accept(doc);
    List<Finding> findings = STRUCTURAL.validate(doc);
    assertThat(findings)
        .as("findings for %s", c.name())
        .anySatisfy(
            f -> {
              assertThat(f.pointer()).isEqualTo(c.pointer());
              assertThat(f.isError()).isTrue();
              assertThat(f.layer()).isEqualTo(Finding.Layer.STRUCTURE);
            });
    // With schemas the document is still invalid.
    assertThat(Finding.valid(SCHEMA.validate(doc))).isFalse();
  }

  @Test
  void schemaLayerCatchesWhatTheStructuralRulesDoNot() {
    ObjectNode item = example("1.1.0/core-item.json");
    obj(item, "/geometry").put("coordinates", "not coordinates");
    assertThat(Finding.valid(STRUCTURAL.validate(item))).isTrue();
    List<Finding> findings = SCHEMA.validate(item);
    // One finding from the branch that matched furthest, not one per GeoJSON geometry type.
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.layer()).isEqualTo(Finding.Layer.SCHEMA);
              assertThat(f.pointer()).isEqualTo("/geometry/coordinates");
              assertThat(f.message()).startsWith("string found, array expected");
              assertThat(f.isError()).isTrue();
            });
  }

  @Test
  void unknownGeometryTypeIsNamedAndTheSchemaSummaryIsReadable() {
    ObjectNode item = example("1.1.0/core-item.json");
    obj(item, "/geometry").put("type", "Polygn");
    List<Finding> findings = SCHEMA.validate(item);
    assertThat(findings)
        .extracting(Finding::toString)
        .containsExactly(
            "/geometry/type: 'Polygn' is not a GeoJSON geometry type [Point, MultiPoint,"
                + " LineString, MultiLineString, Polygon, MultiPolygon, GeometryCollection]",
            "/geometry: matches none of the forms the schema allows"
                + " (v1.1.0/item-spec/json-schema/item.json)");
  }

  @Test
  void schemaErrorsAtAPointerTheStructuralRulesReportedAreNotRepeated() {
    ObjectNode item = example("1.1.0/core-item.json");
    obj(item, "/links/0").put("rel", 5);
    List<Finding> findings = SCHEMA.validate(item);
    assertThat(findings).filteredOn(f -> f.pointer().equals("/links/0/rel")).hasSize(1);
  }

  @Test
  void schemaLayerUsesTheDocumentsStacVersion() {
    // An empty description is fine in STAC 1.0 but 1.1 requires minLength 1.
    ObjectNode v10 = example("1.0.0/core-item.json");
    obj(v10, "/properties").put("description", "");
    assertThat(Finding.valid(SCHEMA.validate(v10))).isTrue();
    ObjectNode v11 = example("1.1.0/core-item.json");
    obj(v11, "/properties").put("description", "");
    assertThat(SCHEMA.validate(v11))
        .anySatisfy(
            f -> {
              assertThat(f.layer()).isEqualTo(Finding.Layer.SCHEMA);
              assertThat(f.pointer()).isEqualTo("/properties/description");
              assertThat(f.message()).contains("v1.1.0/");
            });
    // 1.1 band objects: a numeric band name is caught by bands.json.
    ObjectNode ext = example("1.1.0/extended-item.json");
    obj(ext, "/assets/analytic/bands/0").put("name", 5);
    assertThat(SCHEMA.validate(ext))
        .anySatisfy(f -> assertThat(f.pointer()).isEqualTo("/assets/analytic/bands/0/name"));
  }

  @Test
  void itemCollectionFeaturesAreValidatedWithTheirIndexInThePointer() {
    ObjectNode ic =
        (ObjectNode)
            StacReader.create()
                .readTree(
                    SharedFiles.root()
                        .resolve("examples/stac-api/itemcollection-sample-full.json"));
    assertThat(Finding.valid(SCHEMA.validate(ic))).isTrue();
    obj(ic, "/features/0/properties").put("datetime", "2020-13-45");
    ic.put("numberMatched", -1);
    assertThat(SCHEMA.validate(ic))
        .extracting(Finding::pointer)
        .contains("/features/0/properties/datetime", "/numberMatched");
  }

  @Test
  void missingExtensionSchemaIsAWarningByDefaultAndAnErrorOnRequest() {
    ObjectNode item = example("1.1.0/extended-item.json");
    List<Finding> findings = SCHEMA.validate(item);
    assertThat(Finding.valid(findings)).isTrue();
    assertThat(findings)
        .filteredOn(f -> f.severity() == Finding.Severity.WARNING)
        .extracting(Finding::pointer)
        .contains("/stac_extensions/0", "/stac_extensions/4");
    StacValidator strict =
        StacValidator.builder()
            .schemas(SharedFiles.stacSchemas())
            .missingExtensionSchema(Finding.Severity.ERROR)
            .build();
    assertThat(Finding.valid(strict.validate(item))).isFalse();
  }

  @Test
  void suppliedExtensionSchemaIsApplied() throws IOException {
    // A minimal extension schema of our own: eo:cloud_cover must be at most 100.
    Path schema = dir.resolve("eo.json");
    Files.writeString(
        schema,
        """
        {"$schema": "http://json-schema.org/draft-07/schema#",
         "$id": "https://stac-extensions.github.io/eo/v2.0.0/schema.json",
         "type": "object",
         "properties": {"properties": {"type": "object",
           "properties": {"eo:cloud_cover": {"type": "number", "maximum": 100}}}}}
        """);
    StacValidator v =
        StacValidator.builder()
            .schemas(SharedFiles.stacSchemas())
            .extensionSchema("https://stac-extensions.github.io/eo/v2.0.0/schema.json", schema)
            .build();
    ObjectNode item = example("1.1.0/extended-item.json");
    List<Finding> ok = v.validate(item);
    assertThat(Finding.valid(ok)).isTrue();
    assertThat(ok).noneMatch(f -> f.pointer().equals("/stac_extensions/0"));
    obj(item, "/properties").put("eo:cloud_cover", 101);
    assertThat(v.validate(item))
        .anySatisfy(
            f -> {
              assertThat(f.pointer()).isEqualTo("/properties/eo:cloud_cover");
              assertThat(f.layer()).isEqualTo(Finding.Layer.SCHEMA);
            });
  }

  @Test
  void unreadableAndMalformedFilesArePARSEFindings() throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"type\": \"Feature\", ");
    List<Finding> f = SCHEMA.validate(bad);
    assertThat(f)
        .singleElement()
        .satisfies(x -> assertThat(x.layer()).isEqualTo(Finding.Layer.PARSE));
    assertThat(SCHEMA.validate(dir.resolve("absent.json")))
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("no such file"));
    Path deep = dir.resolve("deep.json");
    Files.writeString(deep, "[".repeat(300) + "]".repeat(300));
    StacValidator limited =
        StacValidator.builder().limits(JsonLimits.DEFAULT.withMaxNestingDepth(50)).build();
    assertThat(limited.validate(deep))
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("limits"));
  }

  @Test
  void findingPrintsPointerAndMessage() {
    ObjectNode item = example("1.1.0/core-item.json");
    ((ArrayNode) item.get("bbox")).add(1);
    assertThat(STRUCTURAL.validate(item).get(0).toString())
        .isEqualTo("/bbox: 'bbox' must have 4 or 6 numbers, found 5");
  }

  @Test
  void unknownStacVersionSkipsTheSchemaLayerWithAWarning() {
    ObjectNode item = example("1.1.0/simple-item.json");
    item.put("stac_version", "1.0.0-rc.2");
    List<Finding> findings = SCHEMA.validate(item);
    assertThat(Finding.valid(findings)).isTrue();
    assertThat(findings)
        .anySatisfy(
            f -> {
              assertThat(f.pointer()).isEqualTo("/stac_version");
              assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
              assertThat(f.message()).contains("no core schema for STAC 1.0.0-rc.2");
            });
  }
}
