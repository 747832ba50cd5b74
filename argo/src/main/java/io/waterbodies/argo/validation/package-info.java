/**
 * Validation of Argo manifests before they reach a cluster: the Argo JSON schemas, a strict
 * unknown-field check, and semantic checks (template and parameter references, sensor parameter
 * destinations and dependencies, DNS-1123 names, template loops), with Argo's own semantics where
 * the generated schemas are stricter; findings are errors or warnings.
 */
package io.waterbodies.argo.validation;
