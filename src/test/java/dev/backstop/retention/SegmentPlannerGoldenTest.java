package dev.backstop.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.retention.SegmentPlanner.Anchor;
import dev.backstop.retention.SegmentPlanner.LogFileDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files in {@code src/test/resources/retention-logs}: the log files a target holds, the
 * anchors of the kept dumps ({@code id file position}), optionally why a set cannot be read, and
 * below {@code expect:} the decision for each file. Regenerate with {@code -Dgolden.update=true},
 * then read the difference before committing it.
 */
class SegmentPlannerGoldenTest {

    private static final Path DIR = Path.of("src/test/resources/retention-logs");

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
        List<String> files = List.of();
        String unreadable = null;
        List<Anchor> anchors = new ArrayList<>();
        boolean inAnchors = false;
        for (String line : input.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("files:")) {
                files = Arrays.asList(line.substring("files:".length()).trim().split("\\s+"));
            } else if (line.startsWith("unreadable:")) {
                unreadable = line.substring("unreadable:".length()).trim();
            } else if (line.equals("anchors:")) {
                inAnchors = true;
            } else if (inAnchors) {
                String[] parts = line.trim().split("\\s+");
                anchors.add(new Anchor(parts[0], parts[1], Long.parseLong(parts[2])));
            }
        }

        // when
        List<LogFileDecision> plan = SegmentPlanner.plan("appdb", files, anchors, unreadable);

        // then
        StringBuilder out = new StringBuilder(input).append("expect:\n");
        for (LogFileDecision d : plan) {
            out.append(String.format("%-18s %-6s %s%n", d.logFile(), d.keep() ? "keep" : "remove", d.reason()));
        }
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(DIR.resolve(name), out.toString());
        }
        assertThat(out.toString()).isEqualTo(text);
    }
}
