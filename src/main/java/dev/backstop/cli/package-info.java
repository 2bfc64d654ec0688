/**
 * The command line (picocli): thin commands that load the configuration, build the parts and
 * call one workflow. {@link dev.backstop.cli.ExitCodes} is the only place where exceptions
 * become exit codes, and {@link dev.backstop.cli.Main} holds the only System.exit.
 */
package dev.backstop.cli;
