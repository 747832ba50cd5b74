/** The CloudEvents envelope of every event on the bus, and how its id is derived. */
package io.waterbodies.events.envelope;
