package dev.backstop.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

class RetentionPlannerTest {

    private static Integer maybe(Random r) {
        return r.nextInt(3) == 0 ? null : 1 + r.nextInt(4);
    }

    @RepeatedTest(200)
    void plan_anyPolicyAndHistory_keepsTheNewestVerifiedAndDecidesEveryBackupOnce(RepetitionInfo info) {
        // given a random history (seeded by the repetition, so a failure is reproducible)
        Random r = new Random(info.getCurrentRepetition());
        Instant now = Instant.parse("2025-11-10T12:00:00Z");
        List<Backup> backups = new ArrayList<>();
        Instant t = now.minus(Duration.ofDays(400));
        for (int i = 0, n = 1 + r.nextInt(40); i < n; i++) {
            t = t.plus(Duration.ofMinutes(1 + r.nextInt(60 * 24 * 20)));
            backups.add(new Backup(BackupId.at(t).toString(), t, r.nextInt(4) == 0));
        }
        RetentionPolicy policy = new RetentionPolicy(maybe(r), maybe(r), maybe(r), maybe(r), maybe(r), maybe(r),
                r.nextBoolean() ? Duration.ofDays(r.nextInt(30)) : null, ZoneId.of("Europe/Berlin"));

        // when
        List<Decision> plan = RetentionPlanner.plan(backups, policy, now, policy.timeZone());

        // then
        assertThat(plan).hasSameSizeAs(backups);
        assertThat(plan).extracting(d -> d.backup().id()).doesNotHaveDuplicates();
        backups.stream().filter(Backup::verified).max(java.util.Comparator.comparing(Backup::time)).ifPresent(newest ->
                assertThat(plan).filteredOn(d -> d.backup().equals(newest)).singleElement()
                        .satisfies(d -> assertThat(d.keep()).isTrue()));
        assertThat(plan).allSatisfy(d -> assertThat(d.reasons()).isNotEmpty());
    }
}
