package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ManifestFormat;
import dev.backstop.core.ManifestReading;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest end to end: a real backup of a MariaDB database and a directory, encrypted
 * with age, leaves no plaintext on the target; {@code sha256sum -c} and {@code verify --read-data}
 * need no key; {@code restore-test} needs the identity and exits 4 without it; and Debian's
 * {@code age} with {@code zcat} alone gives back the SQL.
 */
@RequiresService({Services.MariaDb.class, Services.Age.class})
class EncryptionIT {

    private static final String DB_CANARY = "canary-row-5f1d@example.com";
    private static final String FILE_CANARY = "canary-file-b8e2 customer contract";

    @TempDir
    Path dir;

    private String database;
    private Path config;
    private Path key;

    @BeforeEach
    void setUp() throws Exception {
        database = "i22_enc_" + Long.toHexString(System.nanoTime());
        Shell.ok("mariadb -uroot -e \"CREATE DATABASE " + database + "; USE " + database + ";"
                + " CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(80));"
                + " INSERT INTO customers VALUES (1,'" + DB_CANARY + "'),(2,'b@example.com');\"");
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/contract.txt"), FILE_CANARY + "\n");
        key = dir.resolve("key.txt");
        Shell.ok("age-keygen -o '" + key + "' 2>/dev/null");
        String recipient = Shell.ok("age-keygen -y '" + key + "'").strip();
        config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                sources:
                  - {name: appdb, type: mysql, database: %s, user: root}
                  - {name: application, type: files, paths: [www]}
                targets:
                  - {name: local, type: local, path: %s}
                encryption:
                  recipients: [%s]
                  identity_file: key.txt
                """.formatted(dir.resolve("state"), database, dir.resolve("backups"), recipient));
    }

    @AfterEach
    void dropDatabase() throws Exception {
        Shell.run("mariadb -uroot -e 'DROP DATABASE IF EXISTS " + database + "; DROP DATABASE IF EXISTS " + database + "_r'");
    }

    @Test
    void run_encrypted_storesNoPlaintextAndRestoresWithTheIdentityAlone() throws Exception {
        // when
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        // then the set holds only encrypted components, hashed as stored
        assertThat(run.exitCode()).as(run.all()).isZero();
        Path set = setDirectory();
        assertThat(names(set)).containsExactlyInAnyOrder("MANIFEST.json", "SHA256SUMS", "appdb.sql.gz.age",
                "application.tar.gz.age");
        List<ComponentEntry> components = ((ManifestReading.Known) ManifestFormat.read(
                Files.readAllBytes(set.resolve("MANIFEST.json")))).manifest().components();
        assertThat(components).allSatisfy(c -> {
            assertThat(c.encryption().format()).isEqualTo("age");
            assertThat(c.encryption().recipientFingerprints()).hasSize(1);
        });
        assertThat(components.get(0).facts().tableRows()).containsEntry("customers", 2L);
        assertThat(Shell.run("cd '" + set + "' && sha256sum -c SHA256SUMS").exitCode()).isZero();

        // and no stored byte, nor what gzip makes of it, holds the canaries
        try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String stored = Files.readString(f, StandardCharsets.ISO_8859_1);
                String unzipped = Shell.run("gzip -dc < '" + f + "' 2>/dev/null").output();
                assertThat(stored + unzipped).as(f.toString()).doesNotContain(DB_CANARY, FILE_CANARY);
            }
        }

        // and age with zcat alone gives back the SQL and the files (the scan above would have seen them)
        assertThat(Shell.ok("age -d -i '" + key + "' '" + set.resolve("appdb.sql.gz.age") + "' | zcat"))
                .contains("CREATE TABLE `customers`").contains(DB_CANARY);
        assertThat(Shell.ok("age -d -i '" + key + "' '" + set.resolve("application.tar.gz.age") + "' | tar -xzO"))
                .contains(FILE_CANARY);

        // and verify reads every stored byte without the key, restore-test decrypts with it
        Files.move(key, dir.resolve("key.away"));
        BackstopProcess.Result verify = BackstopProcess.run("verify", "--read-data", "--config", config.toString());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        BackstopProcess.Result withoutKey = BackstopProcess.run("restore-test", "--config", config.toString());
        assertThat(withoutKey.exitCode()).as(withoutKey.all()).isEqualTo(4);
        assertThat(withoutKey.all()).contains("identity_file " + key + " does not exist");
        BackstopProcess.Result status = BackstopProcess.run("status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.all()).isEqualTo(1);
        assertThat(status.out()).startsWith("BACKSTOP WARNING")
                .containsPattern("WARNING: encryption: identity_file " + Pattern.quote(key.toString())
                        + " does not exist; .*; the restore test will not run \\(exit 4\\)")
                .containsPattern("WARNING: restore test could not run \\([^)]*\\): identity missing: ")
                .doesNotContain("CRITICAL");
        Files.move(dir.resolve("key.away"), key);
        BackstopProcess.Result test = BackstopProcess.run("restore-test", "--config", config.toString());
        assertThat(test.exitCode()).as(test.all()).isZero();
        assertThat(test.out()).contains("restore-test OK").contains("appdb (mysql): loaded into scratch database");
        Path restored = dir.resolve("restored");
        BackstopProcess.Result restore = BackstopProcess.run("restore", "--backup", set.getFileName().toString(), "--only", "application", "--to",
                restored.toString(), "--config", config.toString());
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(Path.of(restored.resolve("application").toString(), dir.resolve("www/contract.txt").toString()))
                .hasContent(FILE_CANARY);

        // and a flipped byte in an encrypted component is named without the key, and nothing is restored from it
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(set.resolve("appdb.sql.gz.age").toFile(), "rw")) {
            f.seek(f.length() - 20);
            int b = f.read();
            f.seek(f.length() - 20);
            f.write(b ^ 0x01);
        }
        Files.move(key, dir.resolve("key.away"));
        BackstopProcess.Result damaged = BackstopProcess.run("verify", "--read-data", "--config", config.toString());
        assertThat(damaged.exitCode()).as(damaged.all()).isEqualTo(6);
        assertThat(damaged.all()).contains("appdb.sql.gz.age").contains("corrupt");
        Files.move(dir.resolve("key.away"), key);
        BackstopProcess.Result failed = BackstopProcess.run("restore-test", "--config", config.toString());
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(6);
        assertThat(failed.out()).contains("appdb.sql.gz.age: ").contains("restore-test FAILED");
    }

    @Test
    void runbook_ageBlocks_restoreTheEncryptedBackupWithStandardToolsAlone() throws Exception {
        // given an encrypted backup and the runbook's blocks for it
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        Path restore = Files.createDirectories(dir.resolve("restore"));
        String doc = Files.readString(Path.of("docs/disaster-recovery.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```sh runbook-age\\n(.*?)```", Pattern.DOTALL).matcher(doc);

        // when each runs literally with the variables the runbook tells the reader to set
        int blocks = 0;
        while (m.find()) {
            blocks++;
            Shell.Result r = Shell.run("SET='" + setDirectory() + "' KEY='" + key + "' RESTORE='" + restore
                    + "' DB_NEW='" + database + "_r'; export SET KEY RESTORE DB_NEW; set -e\n" + m.group(1));
            assertThat(r.exitCode()).as("runbook block failed:\n%s\noutput:\n%s", m.group(1), r.output()).isZero();
        }

        // then the data is back
        assertThat(blocks).isPositive();
        assertThat(Shell.ok("mariadb -uroot -N -e \"SELECT email FROM " + database + "_r.customers WHERE id = 1\"").trim())
                .isEqualTo(DB_CANARY);
        assertThat(Path.of(restore.resolve("files").toString(), dir.resolve("www/contract.txt").toString()))
                .hasContent(FILE_CANARY);
    }

    @Test
    void run_oneTargetInTheClearBesideAnEncryptedOne_eachSetDescribesItsOwnBytesAndRestores() throws Exception {
        // given a second target with encrypt: false beside the encrypted one
        Files.writeString(config, Files.readString(config).replace(
                "  - {name: local, type: local, path: " + dir.resolve("backups") + "}\n",
                "  - {name: local, type: local, path: " + dir.resolve("backups") + "}\n"
                        + "  - {name: plain, type: local, path: " + dir.resolve("plain") + ", encrypt: false}\n"));

        // when
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        // then the encrypted target holds sealed components in a format 2 manifest, the other the
        // compressed ones in format 1, each with a manifest and sums of exactly its own bytes
        assertThat(run.exitCode()).as(run.all()).isZero();
        Path sealedSet = setDirectory();
        Path clearSet = setDirectory(dir.resolve("plain"));
        assertThat(names(sealedSet)).containsExactlyInAnyOrder("MANIFEST.json", "SHA256SUMS", "appdb.sql.gz.age",
                "application.tar.gz.age");
        assertThat(names(clearSet)).containsExactlyInAnyOrder("MANIFEST.json", "SHA256SUMS", "appdb.sql.gz",
                "application.tar.gz");
        var sealedManifest = ((ManifestReading.Known) ManifestFormat.read(
                Files.readAllBytes(sealedSet.resolve("MANIFEST.json")))).manifest();
        var clearManifest = ((ManifestReading.Known) ManifestFormat.read(
                Files.readAllBytes(clearSet.resolve("MANIFEST.json")))).manifest();
        assertThat(sealedManifest.formatVersion()).isEqualTo(2);
        assertThat(clearManifest.formatVersion()).isEqualTo(1);
        assertThat(sealedManifest.id()).isEqualTo(clearManifest.id());
        assertThat(clearManifest.components()).allSatisfy(c -> assertThat(c.encrypted()).isFalse());
        assertThat(sealedManifest.components()).allSatisfy(c -> assertThat(c.encrypted()).isTrue());
        for (Path set : List.of(sealedSet, clearSet)) {
            var manifest = set == sealedSet ? sealedManifest : clearManifest;
            for (ComponentEntry c : manifest.components()) {
                assertThat(Files.size(set.resolve(c.file()))).as(c.file()).isEqualTo(c.bytes());
            }
            Shell.Result sums = Shell.run("cd '" + set + "' && sha256sum -c SHA256SUMS");
            assertThat(sums.exitCode()).as(sums.output()).isZero();
        }
        // one compression: the sealed file decrypts to the very bytes stored in the clear
        for (String file : List.of("appdb.sql.gz", "application.tar.gz")) {
            assertThat(Shell.ok("age -d -i '" + key + "' '" + sealedSet.resolve(file + ".age") + "' | sha256sum"))
                    .isEqualTo(Shell.ok("sha256sum < '" + clearSet.resolve(file) + "'"));
        }
        assertThat(Shell.ok("zcat '" + clearSet.resolve("appdb.sql.gz") + "'")).contains(DB_CANARY);
        try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String unzipped = Shell.run("gzip -dc < '" + f + "' 2>/dev/null").output();
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1) + unzipped).as(f.toString())
                        .doesNotContain(DB_CANARY, FILE_CANARY);
            }
        }

        // and verify reads both without the key; the clear copy restores without it, the other with it
        Files.move(key, dir.resolve("key.away"));
        BackstopProcess.Result verify = BackstopProcess.run("verify", "--read-data", "--config", config.toString());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        String id = clearSet.getFileName().toString();
        BackstopProcess.Result fromClear = BackstopProcess.run("restore", "--backup", id, "--target", "plain",
                "--only", "application", "--to", dir.resolve("from-plain").toString(), "--config", config.toString());
        assertThat(fromClear.exitCode()).as(fromClear.all()).isZero();
        assertThat(Path.of(dir.resolve("from-plain/application").toString(), dir.resolve("www/contract.txt").toString()))
                .hasContent(FILE_CANARY);
        Files.move(dir.resolve("key.away"), key);
        BackstopProcess.Result fromSealed = BackstopProcess.run("restore", "--backup", id, "--target", "local",
                "--only", "application", "--to", dir.resolve("from-local").toString(), "--config", config.toString());
        assertThat(fromSealed.exitCode()).as(fromSealed.all()).isZero();
        assertThat(Path.of(dir.resolve("from-local/application").toString(), dir.resolve("www/contract.txt").toString()))
                .hasContent(FILE_CANARY);
        for (String target : List.of("local", "plain")) {
            BackstopProcess.Result test = BackstopProcess.run("restore-test", "--target", target, "--config",
                    config.toString());
            assertThat(test.exitCode()).as(test.all()).isZero();
        }
    }

    @Test
    void run_incrementalFilesToAClearAndAnEncryptedTarget_eachChainHoldsItsOwnKindAndRestoresWithTarAlone()
            throws Exception {
        // given an incremental files source, stored encrypted on one target and in the clear on the other
        Files.writeString(config, Files.readString(config)
                .replace("{name: application, type: files, paths: [www]}",
                        "{name: application, type: files, paths: [www], incremental: {}}")
                .replace("  - {name: local, type: local, path: " + dir.resolve("backups") + "}\n",
                        "  - {name: local, type: local, path: " + dir.resolve("backups") + "}\n"
                                + "  - {name: plain, type: local, path: " + dir.resolve("plain") + ", encrypt: false}\n"));

        // when a full is followed by an increment that adds, changes and deletes files
        Files.writeString(dir.resolve("www/gone.txt"), "x\n"); // small: the tree must not shrink by a fifth
        BackstopProcess.Result full = BackstopProcess.run("run", "--config", config.toString());
        Files.delete(dir.resolve("www/gone.txt"));
        Files.writeString(dir.resolve("www/new.txt"), "added\n");
        Files.writeString(dir.resolve("www/contract.txt"), FILE_CANARY + " amended\n");
        Thread.sleep(1100); // ids are seconds
        BackstopProcess.Result increment = BackstopProcess.run("run", "--config", config.toString());

        // then each target holds a chain of its own kind: archives and snapshot copies sealed or not
        assertThat(full.exitCode()).as(full.all()).isZero();
        assertThat(increment.exitCode()).as(increment.all()).isZero();
        List<Path> sealedSets = setDirectories(dir.resolve("backups"));
        List<Path> clearSets = setDirectories(dir.resolve("plain"));
        assertThat(sealedSets).hasSize(2);
        assertThat(clearSets).hasSize(2);
        assertThat(names(sealedSets.get(1))).contains("application.tar.gz.age", "application.snapshot.gz.age")
                .doesNotContain("application.tar.gz", "application.snapshot.gz");
        assertThat(names(clearSets.get(1))).contains("application.tar.gz", "application.snapshot.gz")
                .doesNotContain("application.tar.gz.age", "application.snapshot.gz.age");
        for (Path set : List.of(sealedSets.get(1), clearSets.get(1))) {
            var manifest = ((ManifestReading.Known) ManifestFormat.read(
                    Files.readAllBytes(set.resolve("MANIFEST.json")))).manifest();
            ComponentEntry application = manifest.components().stream()
                    .filter(c -> c.name().equals("application")).findFirst().orElseThrow();
            assertThat(application.incremental().level()).isEqualTo(1);
            assertThat(application.incremental().previous()).isEqualTo(sealedSets.get(0).getFileName().toString());
            Shell.Result sums = Shell.run("cd '" + set + "' && sha256sum -c SHA256SUMS");
            assertThat(sums.exitCode()).as(sums.output()).isZero();
        }

        // and both chains restore with the tools alone, oldest first, to the tree of the increment
        for (boolean sealed : List.of(true, false)) {
            Path out = Files.createDirectories(dir.resolve(sealed ? "tar-sealed" : "tar-clear"));
            for (Path set : sealed ? sealedSets : clearSets) {
                Shell.ok(sealed
                        ? "age -d -i '" + key + "' '" + set.resolve("application.tar.gz.age") + "' | tar -x -z -g /dev/null -f - -C '" + out + "'"
                        : "tar -x -g /dev/null -f '" + set.resolve("application.tar.gz") + "' -C '" + out + "'");
            }
            Path www = Path.of(out.toString(), dir.resolve("www").toString());
            assertThat(www.resolve("contract.txt")).hasContent(FILE_CANARY + " amended");
            assertThat(www.resolve("new.txt")).hasContent("added");
            assertThat(www.resolve("gone.txt")).doesNotExist();
        }
        for (String target : List.of("local", "plain")) {
            BackstopProcess.Result test = BackstopProcess.run("restore-test", "--target", target, "--config",
                    config.toString());
            assertThat(test.exitCode()).as(test.all()).isZero();
            assertThat(test.all()).contains("chain of 2 archives");
        }
    }

    private static List<Path> setDirectories(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("MANIFEST.json"))
                    .filter(p -> !p.toString().contains("/.partial/")).map(Path::getParent)
                    .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private Path setDirectory() throws Exception {
        return setDirectory(dir.resolve("backups"));
    }

    private static Path setDirectory(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("MANIFEST.json"))
                    .filter(p -> !p.toString().contains("/.partial/")).findFirst().orElseThrow().getParent();
        }
    }

    private static List<String> names(Path set) throws Exception {
        try (Stream<Path> s = Files.list(set)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
