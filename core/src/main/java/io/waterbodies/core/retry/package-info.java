/** Retry with exponential backoff and jitter, shared by HTTP, Redis and NATS clients. */
package io.waterbodies.core.retry;
