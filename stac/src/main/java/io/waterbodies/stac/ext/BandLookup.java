package io.waterbodies.stac.ext;

import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Band;
import io.waterbodies.stac.model.Item;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the asset holding a band by its common name ({@code green}, {@code nir}, {@code swir16},
 * ...), whatever the provider calls the asset ({@code B03}, {@code green}) and whichever STAC
 * version spells the band ({@code eo:bands[].common_name} or {@code bands[]."eo:common_name"}).
 *
 * <p>Assets with the {@code data} role are searched first; when none matches, assets without any
 * role (common in STAC 1.0 items) are searched. Assets with only other roles (thumbnail, overview,
 * visual) are never chosen.
 */
public final class BandLookup {
  private BandLookup() {}

  /**
   * A band found in an asset.
   *
   * @param assetKey the asset's key in the Item
   * @param asset the asset
   * @param bandIndex the band's index in the asset (0-based), the raster band to read
   * @param band the band
   */
  public record AssetBand(String assetKey, Asset asset, int bandIndex, Band band) {}

  /** The asset and band with the common name, if the Item has one. */
  public static Optional<AssetBand> find(Item item, String commonName) {
    Optional<AssetBand> data = search(item.assets(), commonName, true);
    return data.isPresent() ? data : search(item.assets(), commonName, false);
  }

  private static Optional<AssetBand> search(
      Map<String, Asset> assets, String commonName, boolean dataRole) {
    for (Map.Entry<String, Asset> e : assets.entrySet()) {
      Asset a = e.getValue();
      boolean eligible = dataRole ? a.hasRole(Asset.ROLE_DATA) : a.roles().isEmpty();
      if (!eligible) {
        continue;
      }
      List<Band> bands = EoExtension.of(a).bands();
      for (int i = 0; i < bands.size(); i++) {
        if (bands.get(i).commonName().map(commonName::equals).orElse(false)) {
          return Optional.of(new AssetBand(e.getKey(), a, i, bands.get(i)));
        }
      }
    }
    return Optional.empty();
  }
}
