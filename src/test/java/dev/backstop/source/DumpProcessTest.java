package dev.backstop.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules every dump tool is judged by, with {@code sh} standing in for the tool. */
class DumpProcessTest {

    @TempDir
    Path dir;

    private final DumpProcess process = new DumpProcess(new ProcessRunner(Duration.ofSeconds(1)), "db1");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> warnings = new ArrayList<>();

    @Test
    void dump_trailerAndWarning_returnsFactsAndPassesWarningOn() throws Exception {
        SourceFacts facts = dump("echo data; echo 'note: slow' >&2; echo END");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("data\nEND\n");
        assertThat(facts.trailerSeen()).isTrue();
        assertThat(facts.tableRows()).containsEntry("lines", 2L);
        assertThat(warnings).containsExactly("source db1: sh: note: slow");
    }

    @Test
    void dump_errorLineWithExitZero_failsQuotingIt() {
        assertThatThrownBy(() -> dump("echo END; echo 'mysqldump: Got error: 1045' >&2"))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("source db1: sh reported an error (mysqldump: Got error: 1045)")
                .hasMessageContaining("while dumping database 'appdb'");
    }

    @Test
    void dump_noTrailerWithExitZero_failsAsTruncated() {
        assertThatThrownBy(() -> dump("echo data"))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("exited 0 but its output ends without the 'END' trailer (truncated)");
    }

    private SourceFacts dump(String script) throws Exception {
        return process.dump(ProcessSpec.of("sh", "-c", script).withTimeout(Duration.ofSeconds(10)), new LineScanner(),
                "END", "appdb", out, new SourceContext(dir, warnings::add));
    }

    /** Counts lines; the trailer is a last line reading END. */
    private static final class LineScanner implements DumpScanner {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void feed(byte[] buf, int off, int len) {
            text.append(new String(buf, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void finish() {
        }

        @Override
        public boolean trailerSeen() {
            return text.toString().endsWith("END\n");
        }

        @Override
        public String serverVersion() {
            return null;
        }

        @Override
        public SortedMap<String, Long> tableRows() {
            return new TreeMap<>(Map.of("lines", text.chars().filter(c -> c == '\n').count()));
        }
    }
}
