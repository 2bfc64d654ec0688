package dev.backstop.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** The SQLite library unpacked beside the jar once, and loaded from there by every start. */
class SqliteDriverTest {

    @TempDir
    Path tmp;

    @Test
    void unpack_thisMachinesLibrary_underItsVersionAndPlatform_readableByEveryUser() throws Exception {
        Path lib = SqliteDriver.unpack(tmp).orElseThrow();

        assertThat(lib.getParent()).isEqualTo(SqliteDriver.libraryDirectory(tmp));
        assertThat(tmp.relativize(lib).toString()).startsWith("backstop-native/sqlite-" + SQLiteJDBCLoader.getVersion() + "/");
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + LibraryLoaderUtil.getNativeLibName())) {
            assertThat(Files.readAllBytes(lib)).isEqualTo(in.readAllBytes());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lib))).isEqualTo("rw-r--r--");
        for (Path d = lib.getParent(); !d.equals(tmp); d = d.getParent()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString()).isEqualTo("rwxr-xr-x");
        }
        try (Stream<Path> files = Files.list(lib.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(lib);
        }
        assertThat(SqliteDriver.unpackedLibrary(tmp)).contains(lib.getParent());
        assertThat(SqliteDriver.unpackedLibrary(Files.createDirectory(tmp.resolve("other")))).isEmpty();
    }

    @Test
    void load_fromTheUnpackedLibrary_nothingUnpackedIntoTheTemporaryDirectory() throws Exception {
        Path lib = SqliteDriver.unpack(tmp.resolve("jar")).orElseThrow();

        // a JVM of its own, since this one may have loaded the library already
        assertThat(sqliteFilesInTemporaryDirectory(List.of())).as("without it, sqlite-jdbc unpacks its own copy")
                .isNotEmpty();
        assertThat(sqliteFilesInTemporaryDirectory(List.of("-Dorg.sqlite.lib.path=" + lib.getParent(),
                "-Dorg.sqlite.lib.name=" + lib.getFileName()))).isEmpty();
    }

    /** Opens a database in a new JVM and lists what sqlite-jdbc put into its temporary directory meanwhile. */
    private List<String> sqliteFilesInTemporaryDirectory(List<String> options) throws Exception {
        Path temporary = Files.createTempDirectory(tmp, "java-tmp");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path")));
        command.addAll(options);
        command.add(SqliteDriverTest.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("sqlite-")).toList();
    }

    /** The child: opens a database, then prints the names in its temporary directory. */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            c.createStatement().execute("select 1");
        }
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            files.forEach(f -> System.out.println(f.getFileName()));
        }
    }
}
