package dev.backstop.testing;

import dev.backstop.target.s3.TestS3;
import dev.backstop.target.sftp.TestSshd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The services of the test machine; scripts/test-services.sh and scripts/test-sshd.sh provide them. */
public final class Services {

    private Services() {
    }

    /** MariaDB, administered as root over the unix socket. */
    public static final class MariaDb implements TestService {
        @Override
        public String describe() {
            return "MariaDB as root over the unix socket";
        }

        @Override
        public String unavailable() {
            return failure(List.of("mariadb", "-uroot", "-e", "SELECT 1"), "scripts/test-services.sh starts it");
        }
    }

    /** The MariaDB server binaries, for disposable servers the tests start themselves. */
    public static final class MariaDbServerBinaries implements TestService {
        @Override
        public String describe() {
            return "the MariaDB server binaries (mariadbd, mariadb-install-db)";
        }

        @Override
        public String unavailable() {
            return failure(List.of("/usr/sbin/mariadbd", "--version"), "scripts/test-services.sh installs mariadb-server");
        }
    }

    /** PostgreSQL on 127.0.0.1:5432, user postgres without a password. */
    public static final class Postgres implements TestService {
        @Override
        public String describe() {
            return "PostgreSQL as postgres on 127.0.0.1";
        }

        @Override
        public String unavailable() {
            return failure(List.of("psql", "-X", "-w", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", "SELECT 1"),
                    "scripts/test-services.sh starts it");
        }
    }

    /** The OpenSSH server of {@link TestSshd}. */
    public static final class Sshd implements TestService {
        @Override
        public String describe() {
            return "the test sshd on " + TestSshd.HOST + ":" + TestSshd.PORT;
        }

        @Override
        public String unavailable() {
            return TestSshd.unavailable();
        }
    }

    /** S3Proxy, started by {@link TestS3} on first use. */
    public static final class S3 implements TestService {
        @Override
        public String describe() {
            return "the test S3 server (S3Proxy)";
        }

        @Override
        public String unavailable() {
            return TestS3.unavailable();
        }
    }

    /** Debian's headless Chromium, for the dashboard's browser test. */
    /** The older S3Proxy (2.9), started by {@link TestS3} on first use. */
    public static final class LegacyS3 implements TestService {
        @Override
        public String describe() {
            return "the older test S3 server (S3Proxy 2.9)";
        }

        @Override
        public String unavailable() {
            return TestS3.legacyUnavailable();
        }
    }

    public static final class Chromium implements TestService {
        public static final Path BINARY = Path.of("/usr/bin/chromium");

        @Override
        public String describe() {
            return "Chromium (" + BINARY + ")";
        }

        @Override
        public String unavailable() {
            return Files.isExecutable(BINARY) ? null
                    : BINARY + " is missing; scripts/test-services.sh installs the Debian packages chromium and chromium-driver";
        }
    }

    /** Debian's age and age-keygen, which must read what backstop encrypts. */
    public static final class Age implements TestService {
        @Override
        public String describe() {
            return "the age command-line tool";
        }

        @Override
        public String unavailable() {
            return failure(List.of("age", "--version"), "scripts/test-services.sh installs the Debian package age");
        }
    }

    /** Running as root: to run backstop as another user, to mount. CI runs as root. */
    public static final class Root implements TestService {
        @Override
        public String describe() {
            return "root";
        }

        @Override
        public String unavailable() {
            return isRoot() ? null : "the tests run as " + System.getProperty("user.name") + "; CI runs them as root";
        }
    }

    /** A small tmpfs that a test mounts and unmounts itself: root, and a system that lets it mount. */
    public static final class Tmpfs implements TestService {
        @Override
        public String describe() {
            return "mounting a tmpfs (root)";
        }

        @Override
        public String unavailable() {
            if (!isRoot()) {
                return "the tests run as " + System.getProperty("user.name") + "; CI runs them as root";
            }
            Path dir;
            try {
                dir = Files.createTempDirectory("backstop-tmpfs-probe");
            } catch (IOException e) {
                return "no temporary directory: " + e;
            }
            try {
                String failed = failure(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString()), "");
                if (failed == null) {
                    failure(List.of("umount", dir.toString()), "");
                }
                return failed;
            } finally {
                dir.toFile().delete();
            }
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Runs a probe command: null when it exits 0 within 30 s, else what went wrong and {@code fix}. */
    private static String failure(List<String> command, String fix) {
        String why = probe(command);
        return why == null || fix.isEmpty() ? why : why + "; " + fix;
    }

    private static String probe(List<String> command) {
        String shown = String.join(" ", command);
        try {
            Path out = Files.createTempFile("backstop-probe", ".txt");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return shown + " did not answer within 30 s";
                }
                return p.exitValue() == 0 ? null
                        : shown + " exited " + p.exitValue() + ": " + Files.readString(out, StandardCharsets.UTF_8).strip();
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return shown + " could not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return shown + " was interrupted";
        }
    }
}
