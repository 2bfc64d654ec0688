package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.LogSegment;
import dev.backstop.core.Sha256;
import dev.backstop.verify.DataSelection;
import dev.backstop.verify.Finding;
import dev.backstop.verify.Severity;
import dev.backstop.verify.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** verify checks the archived log segments on a target beside the backup sets. */
class VerifySegmentsTest {

    private static final TargetChoice ALL = new TargetChoice(null, Path.of("backstop.yml"));
    private static final List<LogSegment> SEGMENTS = List.of(new LogSegment("bin.000001", 0, 100),
            new LogSegment("bin.000001", 100, 250), new LogSegment("bin.000001", 250, 400),
            new LogSegment("bin.000002", 0, 80), new LogSegment("bin.000003", 0, 60));

    @RegisterExtension
    final WorkflowFixture fixture = new WorkflowFixture();

    @Test
    void execute_joinedSegments_ok() throws Exception {
        archive();

        VerifyReport report = new VerifyRun(fixture.context()).execute(ALL, DataSelection.all());

        assertThat(report.findings()).as(fixture.logged.toString()).isEmpty();
        assertThat(report.filesRead()).isEqualTo(1 + SEGMENTS.size()); // the set's one component and every segment
    }

    @Test
    void execute_middleSegmentDeleted_criticalNamingSourceFileAndRange() throws Exception {
        Path dir = archive();
        Files.delete(dir.resolve("bin.000001/000000000100-000000000250.gz"));
        Files.delete(dir.resolve("bin.000001/000000000100-000000000250.gz.sha256"));

        VerifyReport report = new VerifyRun(fixture.context()).execute(ALL, DataSelection.none());

        assertThat(report.exitCode()).isEqualTo(6);
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.file()).isEqualTo("logs/appdb/bin.000001");
            assertThat(f.line()).contains("source appdb: bin.000001: bytes 100 to 250 are missing");
        });
        assertThat(VerifyRun.summary(report)).startsWith("verify FAILED: 1 critical");
    }

    @Test
    void execute_wholeMiddleFileDeleted_criticalNamingIt() throws Exception {
        Path dir = archive();
        try (var files = Files.list(dir.resolve("bin.000002"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir.resolve("bin.000002"));

        VerifyReport report = new VerifyRun(fixture.context()).execute(ALL, DataSelection.none());

        assertThat(report.exitCode()).isEqualTo(6);
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.line()).contains("logs/appdb/bin.000002: source appdb: bin.000002: the whole file is missing");
        });
    }

    @Test
    void execute_segmentFlipped_criticalWithReadDataOnly() throws Exception {
        Path flipped = archive().resolve("bin.000001/000000000250-000000000400.gz");
        byte[] bytes = Files.readAllBytes(flipped);
        bytes[7] ^= 1;
        Files.write(flipped, bytes);

        VerifyReport names = new VerifyRun(fixture.context()).execute(ALL, DataSelection.none());
        VerifyReport read = new VerifyRun(fixture.context()).execute(ALL, DataSelection.all());

        assertThat(names.findings()).isEmpty();
        assertThat(read.exitCode()).isEqualTo(6);
        assertThat(read.findings()).extracting(Finding::severity, Finding::file).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL,
                        "logs/appdb/bin.000001/000000000250-000000000400.gz"));
        assertThat(read.findings().get(0).problem()).startsWith("source appdb: read 150 bytes with SHA-256 ");
    }

    /** A backup set and the segments of source appdb on the local target; returns the source's log directory. */
    private Path archive() throws Exception {
        fixture.backup();
        LogSegmentStore store = new LogSegmentStore(fixture.context().targets().get(0), WorkflowFixture.HOST, "appdb");
        for (LogSegment segment : SEGMENTS) {
            byte[] content = ("x".repeat((int) segment.length())).getBytes(StandardCharsets.US_ASCII);
            Path gz = fixture.dir.resolve("segment");
            Files.write(gz, content);
            store.commit(segment, gz, Sha256.of(content));
        }
        return fixture.dir.resolve("backups").resolve(WorkflowFixture.HOST).resolve("logs/appdb");
    }
}
