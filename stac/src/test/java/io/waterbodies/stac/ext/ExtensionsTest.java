package io.waterbodies.stac.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.stac.SharedFiles;
import io.waterbodies.stac.StacFormatException;
import io.waterbodies.stac.io.StacReader;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Band;
import io.waterbodies.stac.model.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionsTest {
  private static Item item(String rel) {
    return StacReader.create().readItem(SharedFiles.stacExamples().resolve(rel));
  }

  @Test
  void bandLookupInStac10UsesEoBandsCommonName() {
    Item s2 = item("1.0.0/example-sentinel2.json");
    BandLookup.AssetBand green = BandLookup.find(s2, "green").orElseThrow();
    assertThat(green.assetKey()).isEqualTo("green");
    assertThat(green.bandIndex()).isZero();
    assertThat(BandLookup.find(s2, "nir").orElseThrow().assetKey()).isEqualTo("nir");
    assertThat(BandLookup.find(s2, "swir16").orElseThrow().assetKey()).isEqualTo("swir16");
    assertThat(BandLookup.find(s2, "lwir")).isEmpty();
  }

  @Test
  void bandLookupInStac11UsesBandsEoCommonNameAndDataRoleOnly() {
    Item item = item("1.1.0/extended-item.json");
    BandLookup.AssetBand green = BandLookup.find(item, "green").orElseThrow();
    // "visual" also has a green band, but only "analytic" has the data role.
    assertThat(green.assetKey()).isEqualTo("analytic");
    assertThat(green.bandIndex()).isEqualTo(1);
    assertThat(green.band().name()).contains("band2");
    assertThat(BandLookup.find(item, "nir").orElseThrow().bandIndex()).isEqualTo(3);
  }

  @Test
  void eoFields() {
    Item s2 = item("1.0.0/example-sentinel2.json");
    assertThat(EoExtension.of(s2).cloudCover().getAsDouble()).isEqualTo(88.2972);
    Asset visual = s2.asset("visual").orElseThrow();
    assertThat(EoExtension.of(visual).bands())
        .extracting(b -> b.commonName().orElseThrow())
        .containsExactly("red", "green", "blue");
    assertThat(EoExtension.hasCommonName(visual, "blue")).isTrue();
    Item ext = item("1.1.0/extended-item.json");
    assertThat(EoExtension.of(ext).cloudCover().getAsDouble()).isEqualTo(1.2);
    assertThat(EoExtension.of(ext).snowCover().getAsDouble()).isZero();
  }

  @Test
  void projectionReadsEpsgAndCodeInBothVersions() {
    Item s2 = item("1.0.0/example-sentinel2.json");
    assertThat(ProjectionExtension.of(s2).epsg().getAsInt()).isEqualTo(32646);
    assertThat(ProjectionExtension.of(s2).code()).contains("EPSG:32646");
    Asset coastal = s2.asset("coastal").orElseThrow();
    assertThat(ProjectionExtension.of(coastal).shape()).containsExactly(1830, 1830);
    assertThat(ProjectionExtension.of(coastal).transform()).hasSize(6).startsWith(60.0, 0.0);
    assertThat(ProjectionExtension.of(coastal).bbox())
        .containsExactly(499980.0, 2990220.0, 609780.0, 3100020.0);
    Item v11 = item("1.1.0/extended-item.json");
    assertThat(ProjectionExtension.of(v11).code()).contains("EPSG:32659");
    assertThat(ProjectionExtension.of(v11).epsg().getAsInt()).isEqualTo(32659);
    assertThat(ProjectionExtension.of(v11).shape()).containsExactly(5558, 9559);
  }

  @Test
  void rasterBands() {
    Asset coastal = item("1.0.0/example-sentinel2.json").asset("coastal").orElseThrow();
    Band b = RasterExtension.of(coastal).bands().get(0);
    assertThat(b.nodata().orElseThrow().intValue()).isZero();
    assertThat(b.dataType()).contains("uint16");
    assertThat(b.scale().getAsDouble()).isEqualTo(0.0001);
    assertThat(b.offset().getAsDouble()).isZero();
  }

  @Test
  void writersSetFieldsAndDeclareSchemas() {
    Asset.Builder ab = Asset.builder("mask.tif").roles("data");
    ProjectionExtension.write(ab).shape(10, 20).transform(10, 0, 500000, 0, -10, 4000000);
    FileExtension.write(ab).size(1234).sha256(new byte[] {0x01, (byte) 0xab});
    RasterExtension.write(ab)
        .bands(List.of(Band.builder().field("nodata", "255").field("data_type", "uint8").build()));
    Asset asset = ab.build();
    Item.Builder ib = Item.builder("r").asset("data", asset);
    ProjectionExtension.write(ib).code("EPSG:32633");
    EoExtension.write(ib).cloudCover(3.5);
    Item item = ib.stacExtension(RasterExtension.SCHEMA_V1_1).build();

    assertThat(item.stacExtensions())
        .contains(
            ProjectionExtension.SCHEMA_V2_0, EoExtension.SCHEMA_V1_1, RasterExtension.SCHEMA_V1_1);
    assertThat(ProjectionExtension.of(item).epsg().getAsInt()).isEqualTo(32633);
    assertThat(EoExtension.of(item).cloudCover().getAsDouble()).isEqualTo(3.5);
    Asset back = item.asset("data").orElseThrow();
    assertThat(ProjectionExtension.of(back).shape()).containsExactly(10, 20);
    assertThat(FileExtension.of(back).size().getAsLong()).isEqualTo(1234);
    assertThat(FileExtension.of(back).checksum()).contains("122001ab");
    assertThat(RasterExtension.of(back).bands().get(0).dataType()).contains("uint8");
  }

  @Test
  void wrongExtensionValueIsAFormatErrorWithPointer() {
    Item item = Item.builder("x").property("eo:cloud_cover", "cloudy").build();
    assertThatThrownBy(() -> EoExtension.of(item).cloudCover())
        .isInstanceOf(StacFormatException.class)
        .satisfies(
            e ->
                assertThat(((StacFormatException) e).pointer())
                    .contains("/properties/eo:cloud_cover"));
  }

  @Test
  void badBandArraysNameThePointerInsideTheItem() {
    Item item =
        Item.builder("x")
            .asset(
                "b",
                Asset.builder("b.tif")
                    .set(
                        "eo:bands", io.waterbodies.core.json.Json.mapper().createArrayNode().add(3))
                    .build())
            .build();
    assertThatThrownBy(() -> EoExtension.of(item.asset("b").orElseThrow()).bands())
        .isInstanceOf(StacFormatException.class)
        .satisfies(
            e -> assertThat(((StacFormatException) e).pointer()).contains("/assets/b/eo:bands/0"));
  }
}
