package io.waterbodies.detection;

import io.waterbodies.stac.ext.BandLookup;
import io.waterbodies.stac.model.Item;
import java.net.URI;
import java.util.Optional;

/**
 * Picks the bands of a detection from a STAC Item by common name ({@code green}, {@code nir},
 * {@code swir16}), in STAC 1.0 ({@code eo:bands[].common_name}) and 1.1 ({@code
 * bands[]."eo:common_name"}) form, preferring assets with role {@code data}.
 */
public final class ItemBands {
  private ItemBands() {}

  /**
   * The detection input for an Item.
   *
   * @param item the source Item
   * @param index which index the bands are for (NDWI needs green+nir, MNDWI green+swir16)
   * @param resolver maps asset hrefs to local files or remote bands
   * @throws BandSelectionException when the Item has no asset for a required common name
   */
  public static DetectionInput select(Item item, Index index, HrefResolver resolver) {
    BandRef green = band(item, "green", resolver);
    if (index == Index.NDWI) {
      return DetectionInput.ndwi(green, band(item, "nir", resolver));
    }
    return new DetectionInput(
        green,
        Optional.empty(),
        Optional.of(band(item, "swir16", resolver)),
        Optional.empty(),
        Optional.empty());
  }

  private static BandRef band(Item item, String common, HrefResolver resolver) {
    String where = item.location().map(URI::toString).orElse("item " + item.id());
    BandLookup.AssetBand ab =
        BandLookup.find(item, common)
            .orElseThrow(
                () ->
                    new BandSelectionException(
                        "item '" + item.id() + "' has no asset with a '" + common + "' band",
                        where));
    URI href = item.assetHref(ab.assetKey()).orElseGet(() -> URI.create(ab.asset().href()));
    return resolver.band(href, ab.bandIndex() + 1);
  }
}
