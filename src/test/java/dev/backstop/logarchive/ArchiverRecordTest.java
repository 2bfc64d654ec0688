package dev.backstop.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Whether the process under a recorded pid is still the archiver that wrote the record. */
class ArchiverRecordTest {

    private static final ProcessHandle SELF = ProcessHandle.current();
    private static final String PROGRAM = SELF.info().command().orElseThrow();

    @Test
    void runs_theProcessThatStartedBeforeItsRecord_isTheArchiver() {
        assertThat(ArchiverRecord.runs(SELF.pid(), PROGRAM, Instant.now())).isTrue();
    }

    @Test
    void runs_aProcessStartedAfterTheRecord_tookARecycledPid() {
        Instant recordedLongBefore = SELF.info().startInstant().orElseThrow().minusSeconds(3600);

        assertThat(ArchiverRecord.runs(SELF.pid(), PROGRAM, recordedLongBefore)).isFalse();
    }

    @Test
    void runs_anotherProgramUnderThePid_isNotTheArchiver() {
        assertThat(ArchiverRecord.runs(SELF.pid(), "/usr/bin/not-java", Instant.now())).isFalse();
    }

    @Test
    void sameProgram_aBinaryReplacedWhileItRuns_isStillTheSameProgram() {
        assertThat(ArchiverRecord.sameProgram("/usr/lib/jvm/java-17/bin/java (deleted)", "/usr/lib/jvm/java-17/bin/java"))
                .isTrue();
        assertThat(ArchiverRecord.sameProgram("/usr/bin/python3", "/usr/lib/jvm/java-17/bin/java")).isFalse();
    }
}
