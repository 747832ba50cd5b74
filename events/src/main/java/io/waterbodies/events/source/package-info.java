/** The Redis event source: Redis streams and Pub/Sub forwarded to the JetStream bus. */
package io.waterbodies.events.source;
