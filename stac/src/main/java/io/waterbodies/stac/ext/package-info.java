/**
 * Typed accessors and writers for the STAC extensions this SDK uses: {@link
 * io.waterbodies.stac.ext.EoExtension} (eo), {@link io.waterbodies.stac.ext.ProjectionExtension}
 * (proj), {@link io.waterbodies.stac.ext.RasterExtension} (raster), {@link
 * io.waterbodies.stac.ext.FileExtension} (file), and {@link io.waterbodies.stac.ext.BandLookup} to
 * find an Item's asset by band common name in STAC 1.0 and 1.1.
 */
package io.waterbodies.stac.ext;
