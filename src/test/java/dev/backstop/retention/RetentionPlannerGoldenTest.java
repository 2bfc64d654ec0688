package dev.backstop.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files in {@code src/test/resources/retention}: a policy, a zone, the time, the backups
 * (UTC, {@code v} when verified, {@code previous=<id>} and {@code base=<id>} for each increment it
 * holds), and below {@code expect:} the decision for each, newest first,
 * with the local time that decided its period. Regenerate with {@code -Dgolden.update=true}, then
 * read the difference before committing it.
 */
class RetentionPlannerGoldenTest {

    private static final Path DIR = Path.of("src/test/resources/retention");

    static Stream<String> cases() throws Exception {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plan_goldenCase_decidesAsRecorded(String name) throws Exception {
        // given
        String text = Files.readString(DIR.resolve(name));
        int split = text.indexOf("expect:\n");
        String input = split < 0 ? text : text.substring(0, split);
        Map<String, String> header = new HashMap<>();
        List<Backup> backups = new ArrayList<>();
        boolean inBackups = false;
        for (String line : input.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("backups:")) {
                inBackups = true;
            } else if (inBackups) {
                backups.add(backup(line.trim().split("\\s+")));
            } else {
                header.put(line.substring(0, line.indexOf(':')).trim(), line.substring(line.indexOf(':') + 1).trim());
            }
        }
        ZoneId zone = ZoneId.of(header.get("zone"));

        // when
        List<Decision> plan = RetentionPlanner.plan(backups, policy(header.get("policy"), zone),
                Instant.parse(header.get("now")), zone);

        // then
        StringBuilder out = new StringBuilder(input).append("expect:\n");
        for (Decision d : plan) {
            out.append(String.format("%s %s %-6s %s%n", d.backup().id(),
                    d.backup().time().atZone(zone).toLocalDateTime(), d.keep() ? "keep" : "remove",
                    String.join(", ", d.reasons())));
        }
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(DIR.resolve(name), out.toString());
        }
        assertThat(out.toString()).isEqualTo(text);
    }

    // <time> [v] [previous=<id>]... [base=<id>]...: v when verified, the chain of its increments
    private static Backup backup(String[] parts) {
        Instant t = Instant.parse(parts[0]);
        boolean verified = false;
        List<String> previous = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("v")) {
                verified = true;
            } else if (parts[i].startsWith("previous=")) {
                previous.add(parts[i].substring("previous=".length()));
            } else if (parts[i].startsWith("base=")) {
                bases.add(parts[i].substring("base=".length()));
            } else {
                throw new IllegalArgumentException("unknown word in a backup line: " + parts[i]);
            }
        }
        return new Backup(BackupId.at(t).toString(), t, verified, previous, bases);
    }

    private static RetentionPolicy policy(String text, ZoneId zone) {
        Map<String, String> rules = new HashMap<>();
        for (String part : text.split("\\s+")) {
            if (!part.equals("none")) {
                rules.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
            }
        }
        Duration within = rules.containsKey("keep_within") ? Durations.parse(rules.get("keep_within")) : null;
        return new RetentionPolicy(count(rules, "keep_last"), count(rules, "keep_hourly"), count(rules, "keep_daily"),
                count(rules, "keep_weekly"), count(rules, "keep_monthly"), count(rules, "keep_yearly"), within, zone);
    }

    private static Integer count(Map<String, String> rules, String key) {
        return rules.containsKey(key) ? Integer.valueOf(rules.get(key)) : null;
    }
}
