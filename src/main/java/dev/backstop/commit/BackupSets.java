package dev.backstop.commit;

import dev.backstop.core.BackupId;
import dev.backstop.core.Manifest;
import dev.backstop.core.ManifestFormat;
import dev.backstop.core.ManifestReading;
import dev.backstop.core.TargetException;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Mismatch;
import dev.backstop.target.StoredFileCheck;
import dev.backstop.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads which backup sets a target holds for a host, by walking
 * {@code <host>/<yyyy>/<MM>/<dd>/<id>/}. Names that do not fit the layout are not backstop's and
 * are ignored; a set directory without a valid MANIFEST.json is listed with its problem, so that
 * {@code list} and {@code verify} can report it, and every reader treats it as garbage. A set
 * whose manifest a newer backstop wrote is listed as such: no reader judges, restores or removes it.
 */
public final class BackupSets {

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern TWO_DIGITS = Pattern.compile("\\d{2}");

    private BackupSets() {
    }

    /**
     * One set directory on a target.
     *
     * @param id       the id its directory name carries
     * @param path     its directory, relative to the target root
     * @param manifest the parsed MANIFEST.json, or null when it is missing, invalid or newer
     * @param problem  why the set is not complete, or null when it is complete or of a newer
     *                 format and agrees with its place
     * @param newer    what could be read of a manifest of a newer format, or null
     */
    public record BackupSet(BackupId id, String path, Manifest manifest, String problem, ManifestReading.Newer newer) {

        public BackupSet(BackupId id, String path, Manifest manifest, String problem) {
            this(id, path, manifest, problem, null);
        }

        /** True when the set has a valid manifest of a format this version reads, that agrees with its place. */
        public boolean complete() {
            return manifest != null && problem == null;
        }

        /** True when a newer backstop wrote the set: this version neither judges, restores nor removes it. */
        public boolean newerFormat() {
            return newer != null;
        }
    }

    /**
     * Lists a host's sets on a target, sorted by id, oldest first. Reads each MANIFEST.json
     * (small); reads no component. Idempotent; changes nothing.
     *
     * @throws TargetException when a directory cannot be listed, naming the target and the path
     */
    public static List<BackupSet> list(Target target, String host) throws TargetException {
        String hostDir = BackupSetLayout.hostDir(host);
        List<BackupSet> sets = new ArrayList<>();
        String current = hostDir;
        try {
            for (String year : directories(target, hostDir, YEAR)) {
                for (String month : directories(target, current = hostDir + "/" + year, TWO_DIGITS)) {
                    for (String day : directories(target, current = hostDir + "/" + year + "/" + month, TWO_DIGITS)) {
                        String dayDir = current = hostDir + "/" + year + "/" + month + "/" + day;
                        for (FileInfo entry : target.list(dayDir)) {
                            if (entry.directory() && BackupId.isValid(entry.name())) {
                                sets.add(read(target, host, dayDir + "/" + entry.name(), BackupId.parse(entry.name())));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new TargetException("target '" + target.name() + "' (" + target.type() + "): cannot list "
                    + current + ": " + BackupSetCommitter.describe(e), e);
        }
        sets.sort(Comparator.comparing(BackupSet::id));
        return sets;
    }

    /**
     * Reads one set again, at the place the layout gives its id: empty when nothing is there (it
     * was removed), else the set as {@link #list} reads it. Idempotent; changes nothing.
     *
     * @throws TargetException when its directory cannot be listed
     */
    public static Optional<BackupSet> find(Target target, String host, BackupId id) throws TargetException {
        String path = BackupSetLayout.finalDir(host, id);
        try {
            if (target.list(path).isEmpty()) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new TargetException("target '" + target.name() + "' (" + target.type() + "): cannot list " + path + ": "
                    + BackupSetCommitter.describe(e), e);
        }
        return Optional.of(read(target, host, path, id));
    }

    private static List<String> directories(Target target, String dir, Pattern name) throws IOException {
        List<String> names = new ArrayList<>();
        for (FileInfo entry : target.list(dir)) {
            if (entry.directory() && name.matcher(entry.name()).matches()) {
                names.add(entry.name());
            }
        }
        return names;
    }

    private static BackupSet read(Target target, String host, String path, BackupId id) {
        String expectedPath = BackupSetLayout.finalDir(host, id);
        if (!path.equals(expectedPath)) {
            return new BackupSet(id, path, null, "filed under the wrong date: expected at " + expectedPath);
        }
        byte[] json;
        try (InputStream in = target.read(path + "/" + Manifest.FILE_NAME)) {
            json = in.readAllBytes();
        } catch (NoSuchFileException e) {
            return new BackupSet(id, path, null, Manifest.FILE_NAME + " is missing: incomplete set, not a backup");
        } catch (IOException e) {
            return new BackupSet(id, path, null, "cannot read " + Manifest.FILE_NAME + ": " + BackupSetCommitter.describe(e));
        }
        ManifestReading reading = ManifestFormat.read(json);
        if (reading instanceof ManifestReading.Newer newer) {
            return newerSet(host, path, id, newer);
        } else if (reading instanceof ManifestReading.Malformed bad) {
            return new BackupSet(id, path, null, Manifest.FILE_NAME + " is not a valid manifest: " + bad.reason());
        }
        Manifest manifest = ((ManifestReading.Known) reading).manifest();
        if (!manifest.id().equals(id.toString())) {
            return new BackupSet(id, path, manifest, Manifest.FILE_NAME + " names backup " + manifest.id() + ", not " + id);
        }
        if (manifest.host() != null && !manifest.host().equals(host)) {
            return new BackupSet(id, path, manifest, Manifest.FILE_NAME + " names host " + manifest.host() + ", not " + host);
        }
        return new BackupSet(id, path, manifest, null);
    }

    // kept whatever else is wrong with it; a disagreement with its place is still reported
    private static BackupSet newerSet(String host, String path, BackupId id, ManifestReading.Newer newer) {
        String problem = null;
        if (!newer.id().equals(id.toString())) {
            problem = Manifest.FILE_NAME + " names backup " + newer.id() + ", not " + id;
        } else if (newer.host() != null && !newer.host().equals(host)) {
            problem = Manifest.FILE_NAME + " names host " + newer.host() + ", not " + host;
        }
        return new BackupSet(id, path, null, problem, newer);
    }

    /**
     * Re-reads a complete set: every component and SHA256SUMS must be present with the size and
     * SHA-256 its manifest records (by the storage's own hash where it offers one). Returns every
     * problem found, empty when the set is intact. Reads the whole set: not for every run.
     */
    public static List<String> recheck(Target target, BackupSet set) throws IOException {
        if (!set.complete()) {
            return List.of(set.problem());
        }
        List<String> problems = new java.util.ArrayList<>();
        for (Manifest.SetFile f : set.manifest().files()) {
            try {
                StoredFileCheck.verify(target, set.path() + "/" + f.file(), f.file(), f.bytes(), f.sha256());
            } catch (Mismatch m) {
                problems.add(m.getMessage());
            }
        }
        byte[] sums = set.manifest().sha256Sums();
        try {
            StoredFileCheck.verify(target, set.path() + "/" + Manifest.SUMS_FILE_NAME, Manifest.SUMS_FILE_NAME,
                    sums.length, dev.backstop.core.Sha256.of(sums));
        } catch (Mismatch m) {
            problems.add(m.getMessage());
        }
        return problems;
    }
}
