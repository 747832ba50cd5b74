/** Time value types: RFC 3339 instants and STAC datetime intervals with open ends. */
package io.waterbodies.core.time;
