/**
 * Internals shared by the STAC module's packages (URI building); not public API. Packages below
 * {@code io.waterbodies.stac} may use them, other modules may not.
 */
package io.waterbodies.stac.internal;
