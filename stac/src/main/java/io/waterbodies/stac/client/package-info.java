/**
 * A STAC API client in the spirit of pystac-client: open a landing page with {@link
 * io.waterbodies.stac.client.StacApiClient}, search with an immutable {@link
 * io.waterbodies.stac.client.ItemSearch}, and consume results lazily (items, pages, or the whole
 * item collection) while the client follows paging links, retries, and enforces limits. The
 * transactions extension is reached through {@link
 * io.waterbodies.stac.client.StacApiClient#transactions()}.
 */
package io.waterbodies.stac.client;
