/** The one place where the SDK's Jackson {@code ObjectMapper} is configured, and JSON helpers. */
package io.waterbodies.core.json;
