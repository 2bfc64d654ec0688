package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.EventLog;
import dev.backstop.core.ExitCode;
import dev.backstop.core.FileTrees;
import dev.backstop.core.Findings;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.notify.Notifiers;
import dev.backstop.registry.Kinds;
import dev.backstop.source.SourceKind;
import dev.backstop.target.Target;
import dev.backstop.target.TargetKind;
import dev.backstop.target.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * {@code config check} after the file has been read: every check of a run that needs no network,
 * in the order a run meets them (the state directory, each source, each target, each notifier),
 * with every problem reported at once and each in the words the run would use. Each kind checks
 * itself ({@code SourceKind.check}, {@code TargetKind.check}) with the code its preflight runs.
 * Offline it changes nothing; connecting, it also reaches each source and target that passed.
 */
public final class ConfigCheck {

    /**
     * What the check found.
     *
     * @param errors   what a run would refuse; any one makes the configuration invalid
     * @param warnings what only restore tests and restores need
     */
    public record Report(List<String> errors, List<String> warnings) {

        public Report {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean valid() {
            return errors.isEmpty();
        }

        /** 0 when valid (warnings or not), 2 when a run would refuse the configuration. */
        public int exitCode() {
            return (valid() ? ExitCode.OK : ExitCode.USAGE_OR_CONFIG).code();
        }
    }

    private ConfigCheck() {
    }

    /** Runs every check that needs no network; connects nowhere and writes nothing. */
    public static Report offline(BackstopConfig config) {
        return run(config, null, null);
    }

    /**
     * Runs every check that needs no network and then, for each source and target that passed
     * them, the checks that reach it: a database source logs in as its dump will, a target runs
     * the run's preflight (connect, host key, login, a probe file written, renamed and deleted,
     * free space for {@value Preflight#FLOOR_BYTES} bytes) wrapped as a run wraps it, so that a
     * transient failure is retried as the run would retry it.
     *
     * @param log where retries are reported
     * @throws IOException the private scratch directory for database clients could not be made
     */
    public static Report connecting(BackstopConfig config, EventLog log) throws IOException {
        Path scratch = Files.createTempDirectory("backstop-check-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            return run(config, scratch, log);
        } finally {
            FileTrees.delete(scratch);
        }
    }

    /** @param scratch where database clients keep their files; null: connect nowhere */
    private static Report run(BackstopConfig config, Path scratch, EventLog log) {
        Findings findings = new Findings();
        FileTrees.whyNotWritable(config.stateDir())
                .ifPresent(problem -> findings.error("state_dir " + config.stateDir() + " " + problem));
        ProcessRunner runner = new ProcessRunner();
        for (SourceConfig source : config.sources()) {
            SourceKind kind = Kinds.kindOf(source);
            Findings own = new Findings();
            kind.check(source, own);
            if (scratch != null && !own.hasErrors()) {
                kind.checkConnection(source, runner, scratch, own);
            }
            findings.add(own);
        }
        for (TargetConfig target : config.targets()) {
            TargetKind kind = Kinds.kindOf(target);
            Findings own = new Findings();
            kind.check(target, own);
            if (scratch != null && !own.hasErrors()) {
                own.error(() -> {
                    try (Target decorated = Targets.decorate(kind.create(target, config.stateDir()),
                            kind.retries(target), log)) {
                        decorated.preflight(Preflight.FLOOR_BYTES);
                    }
                });
            }
            findings.add(own);
        }
        Notifiers.check(config.notifiers(), findings);
        DecryptionKeys.check(config, findings);
        return new Report(findings.errors(), findings.warnings());
    }
}
