/** JMH benchmarks; compiled only with {@code mvn -Pbench} (see bench/run.sh), never run by the test suite. */
package dev.backstop.bench;
