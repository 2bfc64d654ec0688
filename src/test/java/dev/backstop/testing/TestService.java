package dev.backstop.testing;

/**
 * A service of the test machine that some tests need. Implementations have a constructor
 * without arguments; {@link RequiredServices} probes each once per test JVM.
 */
public interface TestService {

    /** What the service is and where it is expected, for messages: {@code "MariaDB as root over the unix socket"}. */
    String describe();

    /**
     * Probes the service. Never throws for a service that is missing: that is the answer.
     *
     * @return null when tests can use the service; otherwise why not and how to provide it
     */
    String unavailable();
}
