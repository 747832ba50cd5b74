/** Small runnable programs that show each capability of the SDK. */
package io.waterbodies.examples;
