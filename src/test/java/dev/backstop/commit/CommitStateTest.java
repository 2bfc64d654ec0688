package dev.backstop.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.commit.CommitState.Phase;
import dev.backstop.core.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The state two threads of one commit share: one end, the first; one cleanup, outside any lock. */
class CommitStateTest {

    private final CommitState state = new CommitState();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void end_failureAfterAFailure_firstOneWinsAndTheSecondCleanupNeverRuns() {
        // given
        TargetException first = new TargetException("first");
        assertThat(state.end(Phase.FAILED, () -> first)).isTrue();

        // when
        boolean second = state.end(Phase.FAILED, () -> {
            throw new AssertionError("a second cleanup ran");
        });

        // then
        assertThat(second).isFalse();
        assertThat(state.phase()).isEqualTo(Phase.FAILED);
        assertThat(state.report()).isSameAs(first);
    }

    @RepeatedTest(20)
    void end_twoThreadsFailAtOnce_cleanupRunsOnceAndBothSeeItsReport() throws Exception {
        // given two threads that fail at the same moment, with a cleanup that takes a while
        CyclicBarrier together = new CyclicBarrier(2);
        AtomicInteger cleanups = new AtomicInteger();
        List<Future<TargetException>> reports = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String name = "failure " + i;
            reports.add(threads.submit(() -> {
                together.await(10, TimeUnit.SECONDS);
                state.end(Phase.FAILED, () -> {
                    cleanups.incrementAndGet();
                    sleep(20);
                    return new TargetException(name);
                });
                return state.report();
            }));
        }

        // when
        TargetException one = reports.get(0).get(10, TimeUnit.SECONDS);
        TargetException two = reports.get(1).get(10, TimeUnit.SECONDS);

        // then
        assertThat(cleanups).hasValue(1);
        assertThat(one).isNotNull().isSameAs(two);
    }

    @Test
    void report_whileTheCleanupRuns_waitsForItWithoutBlockingTheState() throws Exception {
        // given a cleanup that runs until released
        CountDownLatch cleaning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TargetException cleaned = new TargetException("removed the partial set");
        Future<Boolean> failing = threads.submit(() -> state.end(Phase.FAILED, () -> {
            cleaning.countDown();
            await(release);
            return cleaned;
        }));
        assertThat(cleaning.await(10, TimeUnit.SECONDS)).isTrue();

        // when another thread asks meanwhile
        Future<TargetException> report = threads.submit(state::report);

        // then the state answers at once, and the report comes once the cleanup is done
        assertThat(state.phase()).isEqualTo(Phase.FAILED);
        assertThatThrownBy(state::checkOpen).isInstanceOf(CommitState.Ended.class).hasMessageContaining("(failed)");
        assertThat(state.end(Phase.ABORTED, () -> null)).isFalse();
        assertThat(report.isDone()).isFalse();
        release.countDown();
        assertThat(report.get(10, TimeUnit.SECONDS)).isSameAs(cleaned);
        assertThat(failing.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void commit_afterAFailure_isRefusedAndTheCommitStaysFailed() {
        // given
        state.end(Phase.FAILED, () -> new TargetException("read back 3 bytes, expected 4"));

        // when / then
        assertThatThrownBy(state::commit).isInstanceOf(CommitState.Ended.class).hasMessageContaining("(failed)");
        assertThat(state.phase()).isEqualTo(Phase.FAILED);
        assertThat(state.report()).hasMessage("read back 3 bytes, expected 4");
    }

    @Test
    void end_afterTheCommit_neitherCleansUpNorChangesIt() throws Exception {
        // given
        state.commit();

        // when
        boolean failed = state.end(Phase.FAILED, () -> {
            throw new AssertionError("a committed set was cleaned up");
        });
        state.refuse();

        // then
        assertThat(failed).isFalse();
        assertThat(state.phase()).isEqualTo(Phase.COMMITTED);
        assertThat(state.report()).isNull();
    }

    @Test
    void end_cleanupThrows_waitersGetNoReportInsteadOfWaitingForever() {
        // given / when
        assertThatThrownBy(() -> state.end(Phase.ABORTED, () -> {
            throw new IllegalStateException("bug in the cleanup");
        })).isInstanceOf(IllegalStateException.class);

        // then
        assertThat(state.phase()).isEqualTo(Phase.ABORTED);
        assertThat(state.report()).isNull();
    }

    @Test
    void end_withAPhaseThatCleansNothing_isACallerBug() {
        assertThatThrownBy(() -> state.end(Phase.COMMITTED, () -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(state.phase()).isEqualTo(Phase.OPEN);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
