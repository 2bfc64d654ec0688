package dev.backstop.verify;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.target.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of one backup set that need no component's content: the manifest, every component
 * present with its recorded size, SHA256SUMS agreeing with the manifest, and files that belong to
 * no component. A pure function of what the target listed; every problem is reported, not the first.
 * A set of a newer manifest format is reported as such (a warning), not checked.
 */
public final class SetChecks {

    private SetChecks() {
    }

    /**
     * @param entries the set directory's entries as the target listed them
     * @param sums    the bytes of SHA256SUMS, or null when the file is absent
     */
    public static List<Finding> check(String target, BackupSet set, List<FileInfo> entries, byte[] sums) {
        if (set.newerFormat()) {
            return newerFormat(target, set);
        }
        List<Finding> findings = new ArrayList<>();
        String id = set.id().toString();
        if (set.manifest() == null) {
            findings.add(Finding.error(target, id, Manifest.FILE_NAME, set.problem() + " (" + set.path()
                    + "); no reader trusts this set: remove it once you know why it is incomplete"));
            return findings;
        }
        if (set.problem() != null) {
            findings.add(Finding.error(target, id, Manifest.FILE_NAME, set.problem() + " (" + set.path() + ")"));
        }
        Map<String, FileInfo> byName = new LinkedHashMap<>();
        entries.forEach(e -> byName.put(e.name(), e));
        Set<String> known = new TreeSet<>(Set.of(Manifest.FILE_NAME, Manifest.SUMS_FILE_NAME));
        for (ComponentEntry c : set.manifest().components()) {
            if (!safeName(c.file())) {
                findings.add(Finding.error(target, id, c.file(), "the manifest names component " + c.name()
                        + " with a file name that is not a plain name; the manifest cannot be trusted"));
                continue;
            }
            known.add(c.file());
            FileInfo info = byName.get(c.file());
            if (info == null) {
                findings.add(Finding.error(target, id, c.file(), "component " + c.name() + " is missing ("
                        + set.path() + "/" + c.file() + "); the manifest records " + c.bytes() + " bytes"));
            } else if (info.directory()) {
                findings.add(Finding.error(target, id, c.file(), "component " + c.name() + " is a directory, expected a file"));
            } else if (info.size() != c.bytes()) {
                findings.add(Finding.error(target, id, c.file(), "component " + c.name() + " has " + info.size()
                        + " bytes on the target, the manifest records " + c.bytes() + " (truncated or replaced)"));
            }
        }
        for (Manifest.SetFile f : set.manifest().files()) {
            if (!f.snapshot()) {
                continue;
            }
            if (!safeName(f.file())) {
                findings.add(Finding.error(target, id, f.file(), "the manifest names the snapshot state of " + f.component()
                        + " with a file name that is not a plain name; the manifest cannot be trusted"));
                continue;
            }
            known.add(f.file());
            FileInfo info = byName.get(f.file());
            if (info == null || info.directory() || info.size() != f.bytes()) {
                findings.add(Finding.error(target, id, f.file(), "the snapshot state of " + f.component() + " is "
                        + (info == null ? "missing" : info.directory() ? "a directory" : info.size() + " bytes")
                        + " (" + set.path() + "/" + f.file() + "); the manifest records " + f.bytes() + " bytes"));
            }
        }
        findings.addAll(checkSums(target, id, set.manifest(), sums));
        for (FileInfo e : entries) {
            if (!known.contains(e.name())) {
                findings.add(Finding.warning(target, id, e.name(), "unknown " + (e.directory() ? "directory" : "file")
                        + " in the backup set, not in the manifest (orphan)"));
            }
        }
        return findings;
    }

    // reported, not judged: this version cannot tell what the newer format's fields mean
    private static List<Finding> newerFormat(String target, BackupSet set) {
        String id = set.id().toString();
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.warning(target, id, Manifest.FILE_NAME, set.newer().describe() + ", not checked by this"
                + " version (" + set.path() + "); check it with that version, or with `sha256sum -c "
                + Manifest.SUMS_FILE_NAME + "` in its directory"));
        if (set.problem() != null) {
            findings.add(Finding.error(target, id, Manifest.FILE_NAME, set.problem() + " (" + set.path() + ")"));
        }
        return findings;
    }

    /** SHA256SUMS must list exactly the manifest's components with the manifest's hashes. */
    static List<Finding> checkSums(String target, String id, Manifest manifest, byte[] sums) {
        List<Finding> findings = new ArrayList<>();
        String file = Manifest.SUMS_FILE_NAME;
        if (sums == null) {
            findings.add(Finding.error(target, id, file, "is missing; `sha256sum -c` cannot check this set"));
            return findings;
        }
        Map<String, String> listed = new LinkedHashMap<>();
        String[] lines = new String(sums, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            int sep = line.indexOf("  ");
            if (sep != 64) {
                findings.add(Finding.error(target, id, file, "line " + (i + 1) + " is not '<sha256>  <file>': '"
                        + abbreviate(line) + "'"));
                continue;
            }
            listed.put(line.substring(sep + 2), line.substring(0, sep));
        }
        for (Manifest.SetFile c : manifest.files()) {
            String hash = listed.remove(c.file());
            if (hash == null) {
                findings.add(Finding.error(target, id, file, "does not list " + c.file() + ", which the manifest records"));
            } else if (!hash.equalsIgnoreCase(c.sha256())) {
                findings.add(Finding.error(target, id, file, "lists " + c.file() + " with SHA-256 " + hash
                        + ", the manifest records " + c.sha256()));
            }
        }
        for (String extra : listed.keySet()) {
            findings.add(Finding.error(target, id, file, "lists " + extra + ", which the manifest does not record"));
        }
        return findings;
    }

    static boolean safeName(String name) {
        return name != null && !name.isEmpty() && !name.contains("/") && !name.equals(".") && !name.equals("..")
                && name.indexOf('\0') < 0 && !name.equals(Manifest.FILE_NAME) && !name.equals(Manifest.SUMS_FILE_NAME);
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
