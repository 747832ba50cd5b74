/** Internals of the argo module; not public API. */
package io.waterbodies.argo.internal;
