/**
 * The Prometheus text exposition of backstop's history, served by the dashboard on
 * {@code /metrics} and written by {@code backstop metrics --textfile} for node_exporter. Pure
 * rendering: callers read history and pass an {@link dev.backstop.history.Overview}.
 */
package dev.backstop.metrics;
