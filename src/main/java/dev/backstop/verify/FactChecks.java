package dev.backstop.verify;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.Restored;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares what a restore produced with what the manifest recorded when the backup was made:
 * uncompressed bytes, rows per table, file count and file bytes. A pure function.
 */
public final class FactChecks {

    private FactChecks() {
    }

    public static List<Finding> compare(String target, String backupId, ComponentEntry c, Restored restored) {
        List<Finding> findings = new ArrayList<>();
        String file = c.file();
        if (restored.rawBytes() != c.rawBytes()) {
            findings.add(Finding.error(target, backupId, file, "decompresses to " + restored.rawBytes()
                    + " bytes, the manifest records " + c.rawBytes()));
        }
        SourceFacts facts = c.facts() == null ? SourceFacts.none() : c.facts();
        // a fact the manifest records but the restore did not measure would otherwise pass unchecked
        unmeasured(findings, target, backupId, c, facts.tableRows() != null && restored.tableRows() == null,
                "rows per table");
        // a set made before entries were recorded counted every entry as a file
        Long restoredCount = facts.countsEntriesAsFiles() ? restored.entries() : restored.fileCount();
        String counted = facts.countsEntriesAsFiles() ? " files, directories and links" : " regular files";
        unmeasured(findings, target, backupId, c, facts.fileCount() != null && restoredCount == null,
                "the number of" + counted);
        unmeasured(findings, target, backupId, c, facts.entries() != null && restored.entries() == null,
                "the number of entries");
        unmeasured(findings, target, backupId, c, facts.fileBytes() != null && restored.fileBytes() == null,
                "the bytes of file content");
        if (facts.tableRows() != null && restored.tableRows() != null) {
            for (Map.Entry<String, Long> t : facts.tableRows().entrySet()) {
                Long got = restored.tableRows().get(t.getKey());
                if (got == null) {
                    findings.add(Finding.error(target, backupId, file, "table " + t.getKey() + " is missing after the"
                            + " restore; the manifest records it with " + t.getValue() + " rows"));
                } else if (!got.equals(t.getValue())) {
                    findings.add(Finding.error(target, backupId, file, "table " + t.getKey() + " has " + got
                            + " rows after the restore, the manifest records " + t.getValue()));
                }
            }
            for (String extra : restored.tableRows().keySet()) {
                if (!facts.tableRows().containsKey(extra)) {
                    findings.add(Finding.warning(target, backupId, file, "table " + extra
                            + " exists after the restore but is not in the manifest"));
                }
            }
        }
        if (facts.fileCount() != null && restoredCount != null && !facts.fileCount().equals(restoredCount)) {
            findings.add(Finding.error(target, backupId, file, "holds " + restoredCount + counted
                    + ", the manifest records " + facts.fileCount()));
        }
        if (facts.entries() != null && restored.entries() != null && !facts.entries().equals(restored.entries())) {
            findings.add(Finding.error(target, backupId, file, "holds " + restored.entries()
                    + " entries (files, directories and links), the manifest records " + facts.entries()));
        }
        if (facts.fileBytes() != null && restored.fileBytes() != null && !facts.fileBytes().equals(restored.fileBytes())) {
            findings.add(Finding.error(target, backupId, file, "holds " + restored.fileBytes()
                    + " bytes of file content, the manifest records " + facts.fileBytes()));
        }
        return findings;
    }

    private static void unmeasured(List<Finding> findings, String target, String backupId, ComponentEntry c,
                                   boolean missing, String what) {
        if (missing) {
            findings.add(Finding.error(target, backupId, c.file(), "the manifest records " + what + ", but restoring a "
                    + c.type() + " component did not measure them, so they were not checked"));
        }
    }
}
