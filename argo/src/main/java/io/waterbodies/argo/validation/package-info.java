/**
 * Validation of Argo manifests before they reach a cluster: the Argo JSON schemas, a strict
 * unknown-field check, and semantic checks (template and parameter references, sensor parameter
 * destinations and dependencies, DNS-1123 names, template loops).
 */
package io.waterbodies.argo.validation;
