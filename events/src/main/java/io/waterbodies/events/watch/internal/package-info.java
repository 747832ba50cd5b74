/** Watcher internals: a minimal HTTP STAC search, to be replaced by the stac module's client. */
package io.waterbodies.events.watch.internal;
