package dev.backstop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.Restored;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FactChecksTest {

    private static final ComponentEntry DB = new ComponentEntry("appdb", "mysql", "appdb.sql.gz", "gzip", 10, 1000,
            "a".repeat(64), 1, SourceFacts.database("10.11", true, new TreeMap<>(java.util.Map.of("users", 3L, "Order", 2L))));
    private static final ComponentEntry FILES = new ComponentEntry("www", "files", "www.tar.gz", "gzip", 10, 10240,
            "b".repeat(64), 1, SourceFacts.files(4, 5, 300, List.of(), List.of()));
    /** A set made before entries were recorded: its file_count counted directories and links too. */
    private static final ComponentEntry OLDER_FILES = new ComponentEntry("www", "files", "www.tar.gz", "gzip", 10, 10240,
            "b".repeat(64), 1, new SourceFacts(null, null, null, 5L, 300L, List.of(), List.of(), null));

    @Test
    void compare_sameFacts_findsNothing() {
        var restored = new Restored("restored", 1000, new TreeMap<>(java.util.Map.of("users", 3L, "Order", 2L)), null, null);

        assertThat(FactChecks.compare("local", "id", DB, restored)).isEmpty();
        assertThat(FactChecks.compare("local", "id", FILES, new Restored("restored", 10240, null, 4L, 300L, 5L))).isEmpty();
    }

    @Test
    void compare_missingTableAndWrongCounts_namesBothValues() {
        var restored = new Restored("restored", 999, new TreeMap<>(java.util.Map.of("users", 2L, "audit", 1L)), null, null);

        List<String> problems = FactChecks.compare("local", "id", DB, restored).stream().map(Finding::problem).toList();

        assertThat(problems).containsExactly(
                "decompresses to 999 bytes, the manifest records 1000",
                "table Order is missing after the restore; the manifest records it with 2 rows",
                "table users has 2 rows after the restore, the manifest records 3",
                "table audit exists after the restore but is not in the manifest");
    }

    @Test
    void compare_filesCountEntriesAndBytes_areChecked() {
        List<String> problems = FactChecks.compare("local", "id", FILES, new Restored("restored", 10240, null, 3L, 299L,
                6L)).stream().map(Finding::problem).toList();

        assertThat(problems).containsExactly("holds 3 regular files, the manifest records 4",
                "holds 6 entries (files, directories and links), the manifest records 5",
                "holds 299 bytes of file content, the manifest records 300");
    }

    @Test
    void compare_setMadeBeforeEntriesWereRecorded_comparesItsFileCountWithTheEntries() {
        // 4 regular files and a directory: the older set's file_count of 5 still matches, no false mismatch
        assertThat(FactChecks.compare("local", "id", OLDER_FILES, new Restored("restored", 10240, null, 4L, 300L, 5L)))
                .isEmpty();
        assertThat(FactChecks.compare("local", "id", OLDER_FILES, new Restored("restored", 10240, null, 4L, 300L, 4L))
                .stream().map(Finding::problem).toList())
                .containsExactly("holds 4 files, directories and links, the manifest records 5");
    }

    @Test
    void compare_recordedFactNotMeasured_isAnErrorNotAPass() {
        // given a restore that came back with the right size but counted nothing
        var counted = new Restored("decompressed", 1000, null, null, null);

        List<String> db = FactChecks.compare("local", "id", DB, counted).stream().map(Finding::problem).toList();
        List<Finding> files = FactChecks.compare("local", "id", FILES, new Restored("decompressed", 10240, null, null, null));

        assertThat(db).containsExactly("the manifest records rows per table, but restoring a mysql component did not"
                + " measure them, so they were not checked");
        assertThat(files).hasSize(3).allMatch(f -> f.severity().failing());
    }
}
