/**
 * The local runner's machinery (internal): template scopes and references, the preflight check,
 * parameter substitution, node execution with retries, steps and DAG scheduling.
 */
package io.waterbodies.argo.runner.internal;
