/**
 * Validation of STAC documents: {@link io.waterbodies.stac.validation.StacValidator} runs the
 * structural rules and, when given the schemas, JSON Schema validation, and reports {@link
 * io.waterbodies.stac.validation.Finding}s with JSON pointers.
 */
package io.waterbodies.stac.validation;
