/**
 * Foundations shared by every waterbodies module: the root of the exception hierarchy ({@link
 * io.waterbodies.core.WaterbodiesException}) and the sub-packages for JSON setup, geometry and time
 * value types, retry policies and secret handling.
 */
package io.waterbodies.core;
