/**
 * Typed, immutable views of Argo Workflows v4 and Argo Events v1.9 resources with fluent builders.
 * Every view keeps the whole JSON object, so fields this SDK does not model survive a
 * read-modify-write.
 */
package io.waterbodies.argo.model;
