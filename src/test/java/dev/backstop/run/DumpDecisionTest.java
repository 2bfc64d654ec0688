package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.LogArchiveConfig;
import dev.backstop.core.ArchiverProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");
    private static final String DUMP = "20261204T030000Z";
    private static final LogArchiveConfig ARCHIVE = new LogArchiveConfig(Path.of("repl.cnf"), Duration.ofMinutes(1),
            Duration.ofDays(1), Duration.ofMinutes(10));

    private static DumpDecision.TargetDump holding(String target, String dump) {
        return new DumpDecision.TargetDump(target, dump, true, null);
    }

    private static DumpDecision.Facts facts(boolean full, Instant caughtUp, List<String> gaps,
                                            DumpDecision.TargetDump... targets) {
        return new DumpDecision.Facts(full, NOW, caughtUp, gaps, List.of(targets), streaming());
    }

    /** The service as it records itself while it streams: alive (this test's own pid), a fresh heartbeat. */
    private static ArchiverProcess streaming() {
        return new ArchiverProcess(ProcessHandle.current().pid(), true, NOW.minusSeconds(3600), NOW.minusSeconds(5),
                null, null, null, null, true);
    }

    private static DumpDecision.Facts healthy(DumpDecision.TargetDump... targets) {
        return facts(false, NOW.minusSeconds(30), List.of(), targets);
    }

    @Test
    void decide_aYoungDumpEverywhereAndAnArchiveCaughtUp_recordsThePositionOnThatDump() {
        DumpDecision d = DumpDecision.decide(ARCHIVE, healthy(holding("nas", DUMP), holding("s3", DUMP)));

        assertThat(d.dumps()).isFalse();
        assertThat(d.dump()).isEqualTo(DUMP);
        assertThat(d.describe()).isEqualTo("no dump (full_dump_every): log position only, building on the dump of " + DUMP);
    }

    @Test
    void decide_eachDoubt_dumpsAndSaysWhy() {
        assertThat(DumpDecision.decide(ARCHIVE, facts(true, NOW, List.of(), holding("nas", DUMP))).reason())
                .isEqualTo("run --full");
        assertThat(DumpDecision.decide(ARCHIVE, facts(false, null, List.of(), holding("nas", DUMP))).reason())
                .startsWith("the log archiver has not recorded that it caught up (it never ran, or the state directory"
                        + " was lost)");
        assertThat(DumpDecision.decide(ARCHIVE, facts(false, NOW.minus(Duration.ofMinutes(11)), List.of(),
                holding("nas", DUMP))).reason())
                .isEqualTo("the log archive is 11m00s behind the server, more than max_lag 10m00s");
        assertThat(DumpDecision.decide(ARCHIVE, facts(false, NOW, List.of("target nas: bin.000002: bytes 4 to 99 are"
                + " missing"), holding("nas", DUMP))).reason())
                .isEqualTo("the archived logs have a gap: target nas: bin.000002: bytes 4 to 99 are missing");
        assertThat(DumpDecision.decide(ARCHIVE, healthy()).reason()).isEqualTo("no target to record a position on");
        assertThat(DumpDecision.decide(ARCHIVE, healthy(new DumpDecision.TargetDump("nas", null, false,
                "connection refused"))).reason()).isEqualTo("target nas could not be looked at: connection refused");
        assertThat(DumpDecision.decide(ARCHIVE, healthy(holding("nas", DUMP), holding("s3", null))).reason())
                .isEqualTo("target s3 holds no dump of the source with a binary-log position (first run with log_archive)");
        assertThat(DumpDecision.decide(ARCHIVE, healthy(holding("nas", DUMP), holding("s3", "20261203T030000Z")))
                .reason()).isEqualTo("the newest dumps differ between targets (" + DUMP + ", 20261203T030000Z on target s3)");
        assertThat(DumpDecision.decide(ARCHIVE, healthy(holding("nas", "20261203T150000Z"))).reason())
                .isEqualTo("full_dump_every 24h00m is due (the dump 20261203T150000Z is 24h00m old)");
        assertThat(DumpDecision.decide(ARCHIVE, healthy(holding("nas", DUMP),
                new DumpDecision.TargetDump("s3", DUMP, false, null))).reason())
                .isEqualTo("the archived logs on target s3 do not join from the position of the dump " + DUMP
                        + " up to the newest segment");
    }

    @Test
    void decide_aDumpJustYoungerThanFullDumpEvery_isNotDue() {
        String almostADay = "20261203T150001Z";

        assertThat(DumpDecision.decide(ARCHIVE, healthy(holding("nas", almostADay))).dumps()).isFalse();
    }

    @Test
    void decide_anArchiverStoppedOrReconnecting_dumpsThoughItCaughtUpWithinMaxLag() {
        DumpDecision.TargetDump nas = holding("nas", DUMP);
        ArchiverProcess killed = new ArchiverProcess(4242, true, NOW.minusSeconds(3600), NOW.minusSeconds(20), null,
                null, null, null, false);
        ArchiverProcess reconnecting = new ArchiverProcess(4242, true, NOW.minusSeconds(3600), NOW.minusSeconds(5),
                NOW.minusSeconds(90), "Access denied for user 'repl'", null, null, true);
        ArchiverProcess onceDone = new ArchiverProcess(4242, false, NOW.minusSeconds(60), NOW.minusSeconds(40), null,
                null, NOW.minusSeconds(40), ArchiverProcess.ARCHIVED_ONCE, false);

        assertThat(DumpDecision.decide(ARCHIVE, withArchiver(killed, nas)).reason())
                .startsWith("the log archiver is stopped, so the logs up to the position recorded now would not reach"
                        + " the targets (pid 4242 is gone without a word");
        assertThat(DumpDecision.decide(ARCHIVE, withArchiver(reconnecting, nas)).reason())
                .isEqualTo("the log archiver is reconnecting (Access denied for user 'repl'), so the logs up to the"
                        + " position recorded now may not reach the targets");
        assertThat(DumpDecision.decide(ARCHIVE, withArchiver(onceDone, nas)).dumps())
                .as("an archive-logs --once from cron that caught up between its runs").isFalse();
    }

    private static DumpDecision.Facts withArchiver(ArchiverProcess archiver, DumpDecision.TargetDump... targets) {
        return new DumpDecision.Facts(false, NOW, NOW.minusSeconds(30), List.of(), List.of(targets), archiver);
    }
}
