package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ConfigException;
import dev.backstop.core.FileTrees;
import dev.backstop.core.LockedException;
import dev.backstop.core.PreflightException;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.ShortBusyTimeout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code backstop history rebuild}: what it moves aside, what it refuses, and what it adopts. */
class HistoryRebuildTest {

    @RegisterExtension
    final WorkflowFixture fixture = new WorkflowFixture();

    private HistoryRebuild.Report rebuild(boolean force) throws Exception {
        return new HistoryRebuild(fixture.context()).execute(force);
    }

    private String id(Path set) {
        return set.getFileName().toString();
    }

    private Stream<Path> stateFiles(String prefix) throws Exception {
        return Files.list(fixture.config.stateDir()).filter(p -> p.getFileName().toString().startsWith(prefix));
    }

    @Test
    void execute_stateDirLost_rebuildsFromTheTargets() throws Exception {
        // given two backups, then the state directory gone with the server
        String first = id(fixture.backup());
        String second = id(fixture.backup());
        FileTrees.delete(fixture.config.stateDir());

        // when
        HistoryRebuild.Report report = rebuild(false);

        // then every backup is back in history, as verified on its target
        assertThat(report.exitCode()).isZero();
        assertThat(report.movedTo()).isNull();
        assertThat(report.adopted()).containsExactly(first, second);
        try (HistoryStore h = HistoryStore.open(fixture.config.historyFile())) {
            assertThat(h.committedIds("local")).containsExactly(first, second);
            assertThat(h.lastGoodRuns(7)).hasSize(2);
        }
    }

    @Test
    void execute_damagedHistory_movesItAsideWithoutForce() throws Exception {
        String first = id(fixture.backup());
        Files.writeString(fixture.config.historyFile(), "garbage, not SQLite".repeat(100));

        HistoryRebuild.Report report = rebuild(false);

        assertThat(report.movedTo().getFileName().toString()).startsWith("history.db.corrupt-");
        assertThat(Files.readString(report.movedTo())).startsWith("garbage");
        assertThat(report.adopted()).containsExactly(first);
    }

    @Test
    void execute_soundHistory_isRefusedWithoutForceAndMovedAsideWithIt() throws Exception {
        // given a sound history that also holds what targets cannot tell: a verify
        String first = id(fixture.backup());
        new VerifyRun(fixture.context()).execute(new TargetChoice(null, fixture.dir.resolve("backstop.yml")),
                dev.backstop.verify.DataSelection.none());

        // when / then: refused, nothing changed
        assertThatThrownBy(() -> rebuild(false)).isInstanceOf(ConfigException.class).hasMessageContaining("--force");
        assertThat(stateFiles("history.db.")).isEmpty();

        // when forced: moved aside, not deleted, and rebuilt
        HistoryRebuild.Report report = rebuild(true);
        assertThat(report.movedTo().getFileName().toString()).startsWith("history.db.replaced-");
        try (HistoryStore old = HistoryStore.open(report.movedTo())) {
            assertThat(old.recentVerifications("verify", 5)).hasSize(1);
        }
        assertThat(report.adopted()).containsExactly(first);
    }

    @Test
    void execute_whileARunHoldsTheLock_touchesNothing() throws Exception {
        fixture.backup();
        Files.writeString(fixture.config.historyFile(), "garbage, not SQLite".repeat(100));

        try (RunLock held = RunLock.acquire(fixture.config.lockFile())) {
            assertThatThrownBy(() -> rebuild(true)).isInstanceOf(LockedException.class);
        }
        assertThat(Files.readString(fixture.config.historyFile())).startsWith("garbage");
    }

    @Test
    void execute_historyLockedByAnotherProcess_isNeverMoved() throws Exception {
        fixture.backup();
        try (ShortBusyTimeout quick = ShortBusyTimeout.open();
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + fixture.config.historyFile());
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("UPDATE runs SET reason = 'held'");

            assertThatThrownBy(() -> rebuild(true)).isInstanceOf(PreflightException.class)
                    .hasMessageContaining("nothing was moved").hasMessageContaining("locked");
            s.execute("ROLLBACK");
        }
        assertThat(stateFiles("history.db.")).isEmpty();
    }

    @Test
    void execute_damagedSetOnTheTarget_adoptsTheOthersAndExitsSix() throws Exception {
        // given two backups, one of them damaged on the target, and no history
        Path damaged = fixture.backup();
        String intact = id(fixture.backup());
        Path component = damaged.resolve("data.tar.gz");
        byte[] bytes = Files.readAllBytes(component);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(component, bytes);
        FileTrees.delete(fixture.config.stateDir());

        // when
        HistoryRebuild.Report report = rebuild(false);

        // then
        assertThat(report.exitCode()).isEqualTo(6);
        assertThat(report.adopted()).containsExactly(intact);
        assertThat(report.problems()).singleElement().asString().contains(id(damaged)).contains("damaged");
    }
}
