package dev.backstop.target;

import dev.backstop.config.TargetConfig;
import dev.backstop.config.TargetSchema;
import dev.backstop.core.Findings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything backstop knows about one kind of target, in one place: its {@code type:} word, how
 * its configuration is read and printed ({@link TargetSchema}), how it is created, and whether
 * its operations are retried. Its conformance test is a subclass of the target contract whose
 * {@code kind()} names it; a test fails for a registered kind without one.
 */
public interface TargetKind extends TargetSchema {

    /**
     * The bare target for a configuration this kind read; nothing connects yet. {@link Targets}
     * wraps it in the decorators every run uses.
     *
     * @param stateDir backstop's state directory, for what a target remembers between runs
     */
    Target create(TargetConfig config, Path stateDir);

    /**
     * The checks of {@link Target#preflight} that need no network and change nothing, for
     * {@code config check}: credential and key files present and private, the key loads,
     * known_hosts readable, a local directory writable or creatable. Every problem is added to
     * {@code findings} as an error with the message the run's preflight gives for it, not only the
     * first. Idempotent; never connects and never writes.
     */
    void check(TargetConfig config, Findings findings);

    /** How transient failures are retried; empty for a target on this machine, where nothing is transient. */
    Optional<Backoff> retries(TargetConfig config);
}
