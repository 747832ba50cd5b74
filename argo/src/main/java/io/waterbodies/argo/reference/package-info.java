/**
 * Builders for the reference deployment: the Calrissian CWL step and the five-resource pipeline.
 */
package io.waterbodies.argo.reference;
