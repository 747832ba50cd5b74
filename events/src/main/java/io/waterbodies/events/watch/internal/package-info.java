/** Watcher internals: the STAC search over the stac module's client. */
package io.waterbodies.events.watch.internal;
