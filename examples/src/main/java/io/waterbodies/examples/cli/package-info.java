/** The {@code waterbodies} command line: one picocli subcommand per capability. */
package io.waterbodies.examples.cli;
