/**
 * The command line (picocli): thin commands that parse their options, load the configuration,
 * build the parts and call one workflow of {@code run}, then print its report (as JSON with
 * {@link dev.backstop.cli.JsonOption}). {@link dev.backstop.cli.ExitCodes} is the only place
 * where exceptions become exit codes, and {@link dev.backstop.cli.Main} holds the only System.exit.
 */
package dev.backstop.cli;
