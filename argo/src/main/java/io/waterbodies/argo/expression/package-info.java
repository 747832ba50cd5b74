/**
 * Argo's expression language: the govaluate grammar that Argo Events evaluates sensor {@code exprs}
 * filters and trigger {@code conditions} with, and that Argo Workflows evaluates {@code when}
 * conditions with. One parser and evaluator for all of them.
 */
package io.waterbodies.argo.expression;
