/**
 * STAC 1.0 and 1.1 documents for Java: the typed model (Catalog, Collection, Item, ItemCollection,
 * Asset, Link, ...), reading and writing without losing unknown fields, structural and JSON-Schema
 * validation, static catalogs, and (in later packages) the STAC API client and embedded server.
 */
package io.waterbodies.stac;
