package dev.backstop.target.sftp;

import dev.backstop.config.RetentionPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The OpenSSH server that scripts/test-sshd.sh sets up for the tests: 127.0.0.1:2222, its files
 * under /var/lib/backstop-test-sshd (or $BACKSTOP_TEST_SSHD_DIR). Users: {@link #USER} (normal,
 * with a shell) and {@link #CHROOT_USER} (internal-sftp only, chrooted); both own
 * {@link #PATH}, a directory with a space in its name.
 */
public final class TestSshd {

    public static final Path DIR = Path.of(System.getenv().getOrDefault("BACKSTOP_TEST_SSHD_DIR",
            "/var/lib/backstop-test-sshd"));
    public static final String HOST = "127.0.0.1";
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("BACKSTOP_TEST_SSHD_PORT", "2222"));
    public static final String USER = "backstop-sftp";
    public static final String CHROOT_USER = "backstop-chroot";
    /** The target directory as SFTP shows it to both users, relative to where they start. */
    public static final String PATH = "Backup/Server AskProAI";
    public static final Path KNOWN_HOSTS = DIR.resolve("known_hosts");
    public static final Path KEYS = DIR.resolve("keys");
    public static final String PASSPHRASE = "correct horse battery staple";

    private TestSshd() {
    }

    /**
     * Null when the server answers and its files are in place; otherwise what is missing and how
     * to set it up. Tests that need the server say {@code @RequiresService(Services.Sshd.class)}.
     */
    public static String unavailable() {
        String fix = "; scripts/test-sshd.sh (as root) sets it up";
        if (!answers()) {
            return "nothing answers with an SSH banner on " + HOST + ":" + PORT + fix;
        }
        for (Path file : List.of(KNOWN_HOSTS, KEYS.resolve("id_ed25519"))) {
            if (!Files.isRegularFile(file)) {
                return file + " is missing" + fix;
            }
        }
        return null;
    }

    private static boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 2000);
            s.setSoTimeout(2000);
            byte[] banner = s.getInputStream().readNBytes(4);
            return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    /** Where a user's SFTP start directory is on this machine. */
    public static Path startDir(String user) {
        return user.equals(CHROOT_USER) ? DIR.resolve("chroot") : DIR.resolve("home").resolve(user);
    }

    public static Path key(String name) {
        return KEYS.resolve(name);
    }

    /**
     * The YAML list item of an SFTP target named {@code nas} on this sshd, for a configuration's
     * {@code targets:} (items indented by two spaces), with {@code connect_timeout: 5s} and then
     * each of {@code extraKeys} as written, such as {@code "retries: 1"}.
     */
    public static String targetYaml(int port, Path knownHosts, String path, String... extraKeys) {
        StringBuilder yaml = new StringBuilder("""
                  - name: nas
                    type: sftp
                    host: %s
                    port: %d
                    user: %s
                    identity: %s
                    known_hosts: %s
                    path: "%s"
                    connect_timeout: 5s
                """.formatted(HOST, port, USER, key("id_ed25519"), knownHosts, path));
        for (String key : extraKeys) {
            yaml.append("    ").append(key).append('\n');
        }
        return yaml.toString();
    }

    /** A target configuration for the test sshd with short timeouts and quick retries. */
    public static SftpConfig config(String name, String user, String path, Path identity, Path knownHosts,
                                           SftpConfig.Verify verify) {
        return config(name, HOST, PORT, user, path, identity, knownHosts, verify);
    }

    public static SftpConfig config(String name, String host, int port, String user, String path, Path identity,
                                           Path knownHosts, SftpConfig.Verify verify) {
        return new SftpConfig(name, host, port, user, identity, null, null, knownHosts, path, verify, null,
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(5), 3, Duration.ofMillis(50),
                Duration.ofSeconds(20), RetentionPolicy.keepEverything());
    }
}
