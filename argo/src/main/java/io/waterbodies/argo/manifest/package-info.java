/** Rendering Argo resources as YAML/JSON manifests and reading them back, with input limits. */
package io.waterbodies.argo.manifest;
