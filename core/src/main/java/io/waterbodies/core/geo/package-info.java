/** Geometry value types: bounding boxes (2D and 3D, antimeridian-aware). */
package io.waterbodies.core.geo;
