/** Threads the SDK starts: one factory for named daemon threads. */
package io.waterbodies.core.concurrent;
