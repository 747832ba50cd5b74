/**
 * The STAC document model: {@link io.waterbodies.stac.model.Catalog}, {@link
 * io.waterbodies.stac.model.Collection}, {@link io.waterbodies.stac.model.Item}, {@link
 * io.waterbodies.stac.model.ItemCollection} and their parts. Every type is immutable, built with a
 * builder, and keeps the fields it has no accessor for, so a document read and written again gives
 * the same JSON.
 */
package io.waterbodies.stac.model;
