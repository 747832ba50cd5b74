package io.waterbodies.stac.model;

import java.util.List;

/**
 * A STAC Catalog, Collection or Item: the documents with an {@code id}, a {@code stac_version} and
 * {@code stac_extensions}.
 */
public sealed interface StacObject extends StacDocument permits CatalogLike, Item {
  /** STAC 1.0.0. */
  String V1_0_0 = "1.0.0";

  /** STAC 1.1.0, the version new documents get. */
  String V1_1_0 = "1.1.0";

  /** The identifier. */
  String id();

  /** The STAC version, e.g. {@code 1.0.0} or {@code 1.1.0}, as written in the document. */
  String stacVersion();

  /** True when {@link #stacVersion()} is 1.1 or later (bands, {@code proj:code}, ...). */
  default boolean isStac11OrLater() {
    String v = stacVersion();
    return !(v.startsWith("0.") || v.startsWith("1.0"));
  }

  /** The extension schema URIs the document declares. */
  List<String> stacExtensions();

  /** True when an extension schema URI starting with {@code prefix} is declared. */
  default boolean hasExtension(String prefix) {
    return stacExtensions().stream().anyMatch(u -> u.startsWith(prefix));
  }
}
