/**
 * Support for tests that need a service of the test machine (a database server, the test sshd,
 * S3Proxy, Chromium, root): {@link dev.backstop.testing.RequiresService} on a test class or
 * method, and one rule for a service that is missing: a failure when {@code CI=true}, a skip
 * that names the service everywhere else.
 */
package dev.backstop.testing;
