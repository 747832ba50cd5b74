/**
 * Static STAC catalogs: {@link io.waterbodies.stac.catalog.StaticCatalog} reads and walks a catalog
 * tree, {@link io.waterbodies.stac.catalog.CatalogWriter} writes a self-contained one.
 */
package io.waterbodies.stac.catalog;
