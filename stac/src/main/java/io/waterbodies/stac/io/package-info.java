/**
 * Reading ({@link io.waterbodies.stac.io.StacReader}) and writing ({@link
 * io.waterbodies.stac.io.StacWriter}) STAC documents, bounded by {@link
 * io.waterbodies.core.json.JsonLimits}.
 */
package io.waterbodies.stac.io;
