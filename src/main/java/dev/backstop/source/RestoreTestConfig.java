package dev.backstop.source;

import dev.backstop.config.ConfigOutput;
import dev.backstop.config.Section;
import dev.backstop.core.ByteSize;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A database source's {@code restore_test:} mapping: where its dumps are test-restored, and with
 * which account when that is the source's own server.
 *
 * <pre>
 * restore_test:
 *   server: disposable   # default: a throwaway server from this machine's binaries; source: scratch
 *                        # databases backstop_rt_* on the source's server
 *   defaults_file: ...   # server: source, and restore --database: an account allowed to create
 *   password_env: ...    # and drop the databases it restores into
 *   memory: 256MB        # the disposable server's buffer pool / shared_buffers
 *   binaries: /opt/mariadb/bin  # where the disposable server's programs are; default: PATH, then
 *                        # where distributions keep them (/usr/sbin, /usr/lib/postgresql/N/bin)
 * </pre>
 *
 * @param disposable   whether restore tests run on a disposable server
 * @param defaultsFile the restore account's option file (mysql) or passfile (postgres), or null for the source's
 * @param passwordEnv  the restore account's password variable, or null for the source's
 * @param binaries     the only directory where the disposable server's programs are looked for, or null for the
 *                     usual places
 */
public record RestoreTestConfig(boolean disposable, Path defaultsFile, String passwordEnv, ByteSize memory,
                                Path binaries) {

    public static final String KEY = "restore_test";
    public static final RestoreTestConfig DEFAULT = new RestoreTestConfig(true, null, null, ByteSize.parse("256MB"), null);

    /**
     * Reads the mapping under {@link #KEY} of a source entry; {@link #DEFAULT} when absent.
     *
     * @param credentialKey the kind's key for the account's file ({@code defaults_file}, {@code passfile})
     */
    public static RestoreTestConfig read(Section source, String credentialKey) {
        Section s = source.has(KEY) ? source.section(KEY) : null;
        if (s == null) {
            return DEFAULT;
        }
        s.rejectUnknown(List.of("server", credentialKey, "password_env", "memory", "binaries"), "restore_test");
        String server = s.string("server");
        if (server != null && !server.equals("disposable") && !server.equals("source")) {
            s.problem("server", "must be 'disposable' (a throwaway server from this machine's binaries) or 'source'"
                    + " (scratch databases on the source's own server), not '" + server + "'");
        }
        ByteSize memory = s.has("memory") ? s.size("memory") : DEFAULT.memory();
        return new RestoreTestConfig(!"source".equals(server), s.path(credentialKey),
                s.envName("password_env", "RESTORE_PASSWORD", "password"), memory == null ? DEFAULT.memory() : memory, s.path("binaries"));
    }

    /** Prints the mapping on one line, in YAML's flow style. */
    public void print(ConfigOutput out, String credentialKey) {
        StringBuilder sb = new StringBuilder("{server: ").append(disposable ? "disposable" : "source");
        if (defaultsFile != null) {
            sb.append(", ").append(credentialKey).append(": ").append(defaultsFile);
        }
        if (passwordEnv != null) {
            sb.append(", password_env: ").append(passwordEnv);
        }
        if (binaries != null) {
            sb.append(", binaries: ").append(binaries);
        }
        out.value(KEY, sb.append(", memory: ").append(memory.bytes()).append('}').toString());
    }

    /** Where to look for the disposable server's programs: {@link #binaries} alone when set, else {@code usual}. */
    public List<Path> binaryDirs(Supplier<List<Path>> usual) {
        return binaries != null ? List.of(binaries) : usual.get();
    }

    /** Whether an account of its own is configured for restores into the source's server. */
    public boolean ownAccount() {
        return defaultsFile != null || passwordEnv != null;
    }
}
