package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.ManifestReading;
import dev.backstop.core.SourceFacts;
import dev.backstop.target.FileInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetChecksTest {

    static final BackupId ID = BackupId.parse("20251104T020001Z");
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    static Manifest manifest() {
        return new Manifest(1, ID.toString(), "h", "1", Instant.EPOCH, Instant.EPOCH, List.of(
                new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", 100, 300, A, 1, SourceFacts.none()),
                new ComponentEntry("www", "files", "www.tar.gz", "gzip", 200, 900, B, 1, SourceFacts.none())), null);
    }

    static BackupSet set() {
        return new BackupSet(ID, "h/2025/11/04/" + ID, manifest(), null);
    }

    static List<FileInfo> entries(FileInfo... extra) {
        List<FileInfo> all = new ArrayList<>(List.of(file("MANIFEST.json", 500), file("SHA256SUMS", 150),
                file("appdb.sql.gz", 100), file("www.tar.gz", 200)));
        all.addAll(List.of(extra));
        return all;
    }

    static FileInfo file(String name, long size) {
        return new FileInfo(name, false, size, null);
    }

    static byte[] sums(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static BackupSet newer(String problem) {
        return new BackupSet(ID, "h/2025/11/04/" + ID, null, problem,
                new ManifestReading.Newer(3, ID.toString(), "h", List.of(new ManifestReading.FileSize("appdb.sql.gz.age", 5))));
    }

    @Test
    void check_newerFormat_isOneWarningNamingTheVersionNotAnError() {
        // given a set of format 3 whose files this version cannot tell apart from orphans
        List<Finding> findings = SetChecks.check("local", newer(null), List.of(file("MANIFEST.json", 500),
                file("SHA256SUMS", 90), file("appdb.sql.gz.age", 5), file("chain.state", 7)), null);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.problem()).startsWith("written by a newer backstop (manifest format 3), not checked by this version");
        });
    }

    @Test
    void check_newerFormatInTheWrongPlace_isStillAnError() {
        List<Finding> findings = SetChecks.check("local", newer("MANIFEST.json names host other, not h"), entries(), null);

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.ERROR);
    }

    @Test
    void check_intactSet_findsNothing() {
        assertThat(SetChecks.check("local", set(), entries(), manifest().sha256Sums())).isEmpty();
    }

    @Test
    void check_everyProblemAtOnce_reportsEachNotOnlyTheFirst() {
        // given: appdb missing, www truncated, an unknown file, SHA256SUMS disagreeing
        List<FileInfo> listing = List.of(file("MANIFEST.json", 500), file("SHA256SUMS", 150), file("www.tar.gz", 150),
                file("notes.txt", 3));
        byte[] sums = sums(A + "  appdb.sql.gz\n" + A + "  www.tar.gz\n" + B + "  extra.gz\n");

        // when
        List<String> lines = SetChecks.check("local", set(), listing, sums).stream().map(Finding::line).toList();

        // then
        assertThat(lines).containsExactly(
                "ERROR local 20251104T020001Z appdb.sql.gz: component appdb is missing (h/2025/11/04/20251104T020001Z/appdb.sql.gz); the manifest records 100 bytes",
                "ERROR local 20251104T020001Z www.tar.gz: component www has 150 bytes on the target, the manifest records 200 (truncated or replaced)",
                "ERROR local 20251104T020001Z SHA256SUMS: lists www.tar.gz with SHA-256 " + A + ", the manifest records " + B,
                "ERROR local 20251104T020001Z SHA256SUMS: lists extra.gz, which the manifest does not record",
                "WARNING local 20251104T020001Z notes.txt: unknown file in the backup set, not in the manifest (orphan)");
    }

    @Test
    void check_missingManifest_isOneErrorNamingTheSet() {
        BackupSet broken = new BackupSet(ID, "h/2025/11/04/" + ID, null, "MANIFEST.json is missing: incomplete set, not a backup");

        List<Finding> findings = SetChecks.check("nas", broken, entries(), null);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.file()).isEqualTo("MANIFEST.json");
            assertThat(f.problem()).contains("MANIFEST.json is missing").contains("h/2025/11/04/20251104T020001Z");
        });
    }

    @Test
    void check_missingSums_andMalformedLine_areErrors() {
        assertThat(SetChecks.check("local", set(), entries(), null)).extracting(Finding::problem)
                .containsExactly("is missing; `sha256sum -c` cannot check this set");
        assertThat(SetChecksTest.problems(sums("garbage\n" + A + "  appdb.sql.gz\n" + B + "  www.tar.gz\n")))
                .containsExactly("line 1 is not '<sha256>  <file>': 'garbage'");
    }

    @Test
    void safeName_refusesPathsAndReservedNames() {
        assertThat(SetChecks.safeName("appdb.sql.gz")).isTrue();
        assertThat(SetChecks.safeName("../etc/passwd")).isFalse();
        assertThat(SetChecks.safeName("..")).isFalse();
        assertThat(SetChecks.safeName("MANIFEST.json")).isFalse();
        assertThat(SetChecks.safeName("")).isFalse();
    }

    private static List<String> problems(byte[] sums) {
        return SetChecks.checkSums("local", ID.toString(), manifest(), sums).stream().map(Finding::problem).toList();
    }
}
