/**
 * Internals of the embedded STAC API server: routing, parameter parsing, item matching, CQL2, page
 * tokens and response writing. Not part of the public API.
 */
package io.waterbodies.stac.server.internal;
