package dev.backstop.target;

import dev.backstop.config.TargetConfig;
import dev.backstop.config.TargetSchema;
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

    /** How transient failures are retried; empty for a target on this machine, where nothing is transient. */
    Optional<Backoff> retries(TargetConfig config);
}
