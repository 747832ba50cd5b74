/**
 * Internals of the STAC API client: the HTTP transport (timeouts, retries, gzip, size limits),
 * search parameter encoding, paging and URI handling. Not part of the public API.
 */
package io.waterbodies.stac.client.internal;
