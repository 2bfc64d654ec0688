package dev.backstop.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What to run: an argument list (never a shell line), extra environment variables, a working
 * directory, standard input, a timeout, the secrets to mask and an optional listener for the
 * lines of standard error. Immutable; the {@code with...} methods return copies.
 *
 * @param argv        program and arguments; the program is looked up on PATH when it has no slash
 * @param environment variables added to backstop's own environment (values are never rendered)
 * @param workingDir  the child's working directory, or null for backstop's
 * @param stdin       a file to read standard input from, or null for an empty input
 * @param timeout     how long the child may run before its process tree is killed; null or zero: no limit
 * @param secrets     strings replaced by {@code ****} in every rendering of the command and of stderr
 * @param stderrLines receives each line of standard error, already masked, on a reader thread; or null
 */
public record ProcessSpec(List<String> argv, Map<String, String> environment, Path workingDir, Path stdin,
                          Duration timeout, Set<String> secrets, Consumer<String> stderrLines) {

    public ProcessSpec {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        secrets = Set.copyOf(secrets);
    }

    /** A spec for this argument list, with nothing else set. */
    public static ProcessSpec of(List<String> argv) {
        return new ProcessSpec(argv, Map.of(), null, null, null, Set.of(), null);
    }

    /** A spec for these arguments, with nothing else set. */
    public static ProcessSpec of(String... argv) {
        return of(List.of(argv));
    }

    public ProcessSpec withEnv(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new ProcessSpec(argv, env, workingDir, stdin, timeout, secrets, stderrLines);
    }

    public ProcessSpec withWorkingDir(Path dir) {
        return new ProcessSpec(argv, environment, dir, stdin, timeout, secrets, stderrLines);
    }

    public ProcessSpec withStdin(Path file) {
        return new ProcessSpec(argv, environment, workingDir, file, timeout, secrets, stderrLines);
    }

    public ProcessSpec withTimeout(Duration limit) {
        return new ProcessSpec(argv, environment, workingDir, stdin, limit, secrets, stderrLines);
    }

    /** Adds a secret to mask; null and empty strings are ignored. */
    public ProcessSpec withSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            return this;
        }
        Set<String> all = new LinkedHashSet<>(secrets);
        all.add(secret);
        return new ProcessSpec(argv, environment, workingDir, stdin, timeout, all, stderrLines);
    }

    public ProcessSpec withStderrLines(Consumer<String> listener) {
        return new ProcessSpec(argv, environment, workingDir, stdin, timeout, secrets, listener);
    }

    /** Appends arguments. */
    public ProcessSpec withArgs(List<String> more) {
        List<String> all = new ArrayList<>(argv);
        all.addAll(more);
        return new ProcessSpec(all, environment, workingDir, stdin, timeout, secrets, stderrLines);
    }

    /** The program's name as a person knows it: the last part of argv[0]. */
    public String programName() {
        String program = argv.get(0);
        return program.substring(program.lastIndexOf('/') + 1);
    }

    /** The command as a person would type it, quoted where needed, secrets masked. */
    public String render() {
        // Each argument is masked before quoting: quoting could split a secret apart.
        Masker masker = Masker.of(secrets);
        StringBuilder sb = new StringBuilder();
        for (String raw : argv) {
            String arg = masker.mask(raw);
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(arg.isEmpty() || arg.matches(".*[^A-Za-z0-9_@%+=:,./*-].*")
                    ? "'" + arg.replace("'", "'\\''") + "'" : arg);
        }
        return sb.toString();
    }
}
