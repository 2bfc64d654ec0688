package dev.backstop.verify;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.commit.BackupSets;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.Manifest;
import dev.backstop.core.Sha256;
import dev.backstop.core.TargetException;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code verify} workflow: for each target, lists the host's sets, checks each with
 * {@link SetChecks}, re-hashes the components the {@link DataSelection} picks (streamed, constant
 * memory), checks the chains of incremental archives ({@link ChainChecks}), and reconciles with
 * history ({@link Reconciliation}), which it reads before the listing and again after the checks,
 * since runs and prunes may change both meanwhile; then the archived log segments
 * ({@link SegmentChecks}). A target that cannot be listed is a finding too, and the next target
 * is still checked.
 */
public final class Verifier {

    private final String host;
    private final Function<String, RecordedSets> history;
    private final Clock clock;
    private final EventLog log;

    /**
     * @param history what history records about a target's sets, by target name; asked twice per
     *                target, before the listing and after the checks
     */
    public Verifier(String host, Function<String, RecordedSets> history, Clock clock, EventLog log) {
        this.host = host;
        this.history = history;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Checks every set of the host on every given target; never throws for what it finds.
     *
     * @throws InterruptedException the thread was interrupted (SIGINT, SIGTERM)
     */
    public VerifyReport verify(List<Target> targets, DataSelection selection) throws InterruptedException {
        Instant started = clock.instant();
        List<Finding> findings = new ArrayList<>();
        int[] sets = {0};
        long[] read = {0, 0};
        for (Target target : targets) {
            log.info("verify: target " + target.name() + " (" + target.type() + "), read data: " + selection);
            verifyTarget(target, selection, findings, sets, read);
        }
        for (Finding f : findings) {
            if (f.severity().failing()) {
                log.error(f.line());
            } else {
                log.warn(f.line());
            }
        }
        return new VerifyReport(started, clock.instant(), targets.stream().map(Target::name).toList(),
                selection.toString(), sets[0], read[0], read[1], findings);
    }

    private void verifyTarget(Target target, DataSelection selection, List<Finding> findings, int[] sets, long[] read)
            throws InterruptedException {
        String name = target.name();
        RecordedSets before = history.apply(name);
        List<BackupSet> held;
        List<String> partials = new ArrayList<>();
        try {
            held = BackupSets.list(target, host);
            for (FileInfo p : target.list(BackupSetLayout.partialRoot(host))) {
                partials.add(p.name());
            }
        } catch (TargetException | IOException e) {
            findings.add(Finding.critical(name, null, null, "cannot list the backups of host " + host + ": "
                    + e.getMessage() + "; no backup on this target could be checked"));
            return;
        }
        log.info("verify: target " + name + " lists " + held.size() + " backup set(s)");
        Map<String, List<Finding>> checked = new HashMap<>();
        for (BackupSet set : held) {
            checkInterrupt();
            sets[0]++;
            checked.put(set.id().toString(), checkSet(target, set, selection, read));
        }
        ChainChecks.check(name, held).forEach((id, broken) -> {
            List<Finding> all = new ArrayList<>(checked.getOrDefault(id, List.of()));
            all.addAll(broken);
            checked.put(id, all);
        });
        log.info("verify: target " + name + ": " + held.size() + " backup set(s) checked");
        var seen = new Reconciliation.Observation(before, held, partials, checked, history.apply(name));
        Map<String, BackupSet> relisted = new HashMap<>();
        for (String id : Reconciliation.toRelist(seen)) {
            try {
                BackupSets.find(target, host, BackupId.parse(id)).ifPresent(s -> relisted.put(id, s));
            } catch (TargetException e) {
                // not confirmed either way: the listing's view stands
                log.warn("verify: target " + name + ": cannot read backup " + id + " again: " + e.getMessage());
            }
        }
        findings.addAll(Reconciliation.reconcile(name, host, seen, relisted));
        try {
            findings.addAll(new SegmentChecks(target, host).check(selection, read));
        } catch (IOException e) {
            findings.add(Finding.error(name, null, null, "cannot read the archived log segments of host " + host
                    + ": " + e.getMessage()));
        }
    }

    private List<Finding> checkSet(Target target, BackupSet set, DataSelection selection, long[] read)
            throws InterruptedException {
        List<Finding> found = new ArrayList<>();
        try {
            List<FileInfo> entries = target.list(set.path());
            byte[] sums = readSmall(target, set.path() + "/" + Manifest.SUMS_FILE_NAME);
            found.addAll(SetChecks.check(target.name(), set, entries, sums));
            if (set.manifest() != null) {
                readData(target, set, entries, selection, found, read);
            }
        } catch (InterruptedIOException e) {
            throw new InterruptedException("interrupted while reading " + set.path());
        } catch (IOException e) {
            found.add(Finding.error(target.name(), set.id().toString(), null, "cannot read the set " + set.path() + ": " + e));
        }
        return found;
    }

    private void readData(Target target, BackupSet set, List<FileInfo> entries, DataSelection selection,
                          List<Finding> findings, long[] read) throws IOException, InterruptedException {
        String id = set.id().toString();
        // every file SHA256SUMS lists: the components and the snapshot copies that travel with increments
        for (Manifest.SetFile c : set.manifest().files()) {
            // a missing or wrongly sized file is already a finding; reading it would only repeat it
            boolean present = entries.stream().anyMatch(e -> e.name().equals(c.file()) && !e.directory()
                    && e.size() == c.bytes());
            if (!present || !SetChecks.safeName(c.file()) || !selection.selects(id, c.file())) {
                continue;
            }
            checkInterrupt();
            HashedStream.Result r;
            try (InputStream in = target.read(set.path() + "/" + c.file())) {
                r = HashedStream.drain(in);
            } catch (NoSuchFileException e) {
                findings.add(Finding.error(target.name(), id, c.file(), "vanished while being read"));
                continue;
            }
            read[0]++;
            read[1] += r.bytes();
            if (r.bytes() != c.bytes() || !Sha256.matches(c.sha256(), r.sha256())) {
                findings.add(Finding.error(target.name(), id, c.file(), "read " + r.bytes() + " bytes with SHA-256 "
                        + r.sha256() + ", the manifest records " + c.bytes() + " bytes with SHA-256 " + c.sha256()
                        + ": the stored file is corrupt; restore from another backup or target"));
            }
        }
    }

    private static byte[] readSmall(Target target, String path) throws IOException {
        try (InputStream in = target.read(path)) {
            return in.readNBytes(1 << 20);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted");
        }
    }
}
