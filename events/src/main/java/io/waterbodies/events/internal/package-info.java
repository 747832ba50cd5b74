/** Internals shared by the events components: connection setup and retries. Not public API. */
package io.waterbodies.events.internal;
