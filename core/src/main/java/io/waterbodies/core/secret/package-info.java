/**
 * Secrets (passwords, tokens) as a type that never prints its value, and redaction of credentials
 * in URIs and text before they reach a log line, an exception message or {@code toString()}.
 */
package io.waterbodies.core.secret;
