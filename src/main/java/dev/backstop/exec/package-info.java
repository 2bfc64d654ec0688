/**
 * Child processes: {@link dev.backstop.exec.ProcessRunner} is the only place in backstop that
 * starts one. It runs an argument list (never a shell), streams standard output, keeps the tail
 * of standard error, enforces timeouts, kills whole process trees on timeout or interruption,
 * and masks secrets in everything it renders. {@link dev.backstop.exec.SecretFile} and
 * {@link dev.backstop.exec.SecretFiles} keep credentials in private files, so they never reach
 * an argument list or a log line.
 */
package dev.backstop.exec;
