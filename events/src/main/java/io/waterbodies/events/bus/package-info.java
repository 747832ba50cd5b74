/** The JetStream event bus stream: its typed configuration, creation and verification. */
package io.waterbodies.events.bus;
