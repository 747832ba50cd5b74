/** The STAC watcher: STAC search results over advancing time windows become Redis events. */
package io.waterbodies.events.watch;
