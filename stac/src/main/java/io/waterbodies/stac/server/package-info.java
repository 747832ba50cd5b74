/**
 * An embeddable STAC API server on the JDK's HTTP server: {@link
 * io.waterbodies.stac.server.StacApiServer} serves a pluggable {@link
 * io.waterbodies.stac.server.StacStore} (in memory, or a static catalog directory) with item
 * search, paging, sorting, simple CQL2 filters and transactions. Meant for publishing results from
 * a host application and for tests, not as an internet-facing service.
 */
package io.waterbodies.stac.server;
