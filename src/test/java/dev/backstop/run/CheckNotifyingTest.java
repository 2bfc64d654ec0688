package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.NotifyConfig.Event;
import dev.backstop.history.VerificationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The events of a verify or restore-test: those of runs, against the check of the same kind before. */
class CheckNotifyingTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // ok, outcome of the check before (null: none), events
                Arguments.of(false, null, Set.of(Event.FAILURE)),
                Arguments.of(false, "failed", Set.of(Event.FAILURE)),
                Arguments.of(false, "ok", Set.of(Event.FAILURE)),
                Arguments.of(true, null, Set.of(Event.SUCCESS)),
                Arguments.of(true, "ok", Set.of(Event.SUCCESS)),
                Arguments.of(true, "failed", Set.of(Event.SUCCESS, Event.RECOVERY)),
                Arguments.of(true, "interrupted", Set.of(Event.SUCCESS, Event.RECOVERY)));
    }

    @ParameterizedTest(name = "ok={0}, before={1} -> {2}")
    @MethodSource("table")
    void events_checkAndTheOneBefore_areThoseOfRuns(boolean ok, String before, Set<Event> expected) {
        Optional<VerificationRecord> previous = Optional.ofNullable(before).map(o -> new VerificationRecord(
                VerificationRecord.VERIFY, Instant.EPOCH, Instant.EPOCH, "local", null, null, 1, 0, 0, o, null, List.of()));

        assertThat(CheckNotifying.events(ok, previous)).isEqualTo(expected);
    }
}
