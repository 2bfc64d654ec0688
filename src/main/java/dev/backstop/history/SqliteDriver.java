package dev.backstop.history;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * The SQLite driver that every history needs, loaded ahead of its first use, and from the native
 * library that the build and {@code install.sh} unpack beside the jar when it is there. Without
 * it, sqlite-jdbc unpacks its library into the temporary directory at every start and compares it
 * byte by byte (a tenth of a second of processor time: {@code backstop status} took 0.60 s, 0.52 s
 * with it), and a process killed leaves the 1 MB copy behind.
 */
public final class SqliteDriver {

    /** Beside the jar: {@code backstop-native/sqlite-<version>/<platform>/}, so that a jar never loads another version's library. */
    static final String NATIVE_DIR = "backstop-native";

    private static boolean pointed;

    private SqliteDriver() {
    }

    /**
     * Starts loading the driver on a thread of its own and returns: it links its native library,
     * which a run spends reading its configuration meanwhile. A failure is left for
     * {@link HistoryStore#open} to meet and report.
     */
    public static void loadAhead() {
        Thread loading = new Thread(() -> {
            try {
                useUnpackedLibrary();
                DriverManager.getDrivers();
                SQLiteJDBCLoader.initialize();
            } catch (Exception | LinkageError e) {
                // open() loads it again, and says why it cannot
            }
        }, "load sqlite");
        loading.setDaemon(true);
        loading.start();
    }

    /**
     * Points sqlite-jdbc at the library unpacked beside the jar, once, before it loads one; does
     * nothing when there is none or a path was set already (sqlite-jdbc then unpacks its own).
     */
    static synchronized void useUnpackedLibrary() {
        if (pointed) {
            return;
        }
        pointed = true;
        try {
            if (System.getProperty("org.sqlite.lib.path") != null) {
                return;
            }
            Optional<Path> dir = besideJar().flatMap(SqliteDriver::unpackedLibrary);
            if (dir.isPresent()) {
                System.setProperty("org.sqlite.lib.path", dir.get().toString());
                System.setProperty("org.sqlite.lib.name", LibraryLoaderUtil.getNativeLibName());
            }
        } catch (RuntimeException | LinkageError e) {
            // sqlite-jdbc unpacks its own, as without this
        }
    }

    /** The directory under {@code base} that holds this machine's library, when it is there. */
    static Optional<Path> unpackedLibrary(Path base) {
        Path dir = libraryDirectory(base);
        return Files.isRegularFile(dir.resolve(LibraryLoaderUtil.getNativeLibName())) ? Optional.of(dir) : Optional.empty();
    }

    static Path libraryDirectory(Path base) {
        return base.resolve(NATIVE_DIR).resolve("sqlite-" + SQLiteJDBCLoader.getVersion())
                .resolve(OSInfo.getNativeLibFolderPathForCurrentOS());
    }

    /** The directory of the jar these classes come from; empty when they do not come from a jar. */
    private static Optional<Path> besideJar() {
        try {
            var source = SqliteDriver.class.getProtectionDomain().getCodeSource();
            Path jar = source == null ? null : Path.of(source.getLocation().toURI());
            return jar != null && Files.isRegularFile(jar) ? Optional.ofNullable(jar.getParent()) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Unpacks this machine's library under the directory {@code args[0]} (the jar's), readable by
     * every user; for the build and {@code install.sh}:
     * {@code java -cp backstop.jar dev.backstop.history.SqliteDriver DIR}. Silent when done; a jar
     * without a library for this machine leaves nothing and says so (only {@code cli.Main} ends the
     * JVM with a code of its own).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java -cp backstop.jar " + SqliteDriver.class.getName()
                    + " JAR_DIRECTORY");
        }
        if (unpack(Path.of(args[0])).isEmpty()) {
            System.err.println("note: no SQLite library in the jar for " + OSInfo.getNativeLibFolderPathForCurrentOS()
                    + "; backstop unpacks it at each start instead");
        }
    }

    /** The library written under {@code base}, or empty when the jar has none for this machine. */
    static Optional<Path> unpack(Path base) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            Path dir = Files.createDirectories(libraryDirectory(base));
            // every user who runs backstop reads it, whatever the umask of the one who installs
            for (Path d = dir; d.startsWith(base.resolve(NATIVE_DIR)); d = d.getParent()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Path lib = dir.resolve(name);
                Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return Optional.of(lib);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
