/** Internals of the in-process detection workflow; not part of the public API. */
package io.waterbodies.examples.pipeline.internal;
