package dev.backstop.source.files;

import dev.backstop.codec.CompressedFileWriter;
import dev.backstop.codec.Compression;
import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.core.BackupId;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEncryption;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.Manifest;
import dev.backstop.core.SourceFacts;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.source.SourceContext;
import dev.backstop.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Commits backup sets of one files source as a chain of incremental archives, as a run stores
 * them: each archive written by the files source in GNU tar's listed-incremental format against
 * the snapshot of the set before, compressed (and encrypted, when recipients are given), recorded
 * in the manifest with its level, base and previous, and committed to every target given.
 */
public final class IncrementalSets {

    private final String host;
    private final FilesSource source;
    private final AgeRecipients recipients;
    private final Path spool;
    private final List<String> ids = new ArrayList<>();
    private Instant next = Instant.parse("2026-11-01T02:00:01Z");
    private Snapshot previous = Snapshot.empty();
    private ComponentIncrement last;

    /**
     * @param recipients encrypts every archive to them; null: stored in the clear
     * @param spool      a directory for the files before they are committed
     */
    public IncrementalSets(String host, String sourceName, List<Path> paths, List<String> exclude,
                           AgeRecipients recipients, Path spool) {
        this.host = host;
        this.source = new FilesSource(new FilesConfig(sourceName, ByteSize.ofBytes(1), paths, exclude));
        this.recipients = recipients;
        this.spool = spool;
    }

    /** The ids of the sets committed so far, oldest first. */
    public List<String> ids() {
        return List.copyOf(ids);
    }

    /**
     * Archives the tree as it is now, a full when {@code full} or when nothing came before, else the
     * changes since the previous set, and commits the set to each of {@code targets}.
     *
     * @return the manifest committed
     */
    public Manifest commit(boolean full, Target... targets) throws Exception {
        BackupId id = BackupId.at(next);
        next = next.plus(Duration.ofHours(8));
        boolean isFull = full || last == null;
        Snapshot current = Snapshot.empty();
        Path dir = Files.createDirectories(spool.resolve(id.toString()));
        String file = source.name() + ".tar.gz" + (recipients == null ? "" : AgeRecipients.SUFFIX);
        Path spooled = dir.resolve(file);
        SourceFacts facts;
        CompressedFileWriter writer = CompressedFileWriter.create(spooled, Compression.GZIP,
                recipients == null ? CompressedFileWriter.Sealing.NONE : recipients::encrypt);
        try {
            facts = source.dump(writer.stream(), new SourceContext(dir, w -> { }),
                    new Increment(isFull ? Snapshot.empty() : previous, current, true));
        } finally {
            writer.close();
        }
        CompressedFileWriter.Result r = writer.result();
        ComponentIncrement increment = isFull ? ComponentIncrement.full(id.toString())
                : last.next(ids.get(ids.size() - 1));
        ComponentEntry entry = new ComponentEntry(source.name(), source.type(), file, Compression.GZIP.configName(),
                r.bytes(), r.rawBytes(), r.sha256(), 1, facts, recipients == null ? null
                : new ComponentEncryption(ComponentEncryption.AGE, recipients.fingerprints())).withIncrement(increment);
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id.toString(), host, "0.1.0-test", id.time(),
                id.time().plusSeconds(1), List.of(entry), List.of());
        for (Target target : targets) {
            new BackupSetCommitter().commit(target, host, manifest, Map.of(file, spooled));
        }
        previous = current;
        last = increment;
        ids.add(id.toString());
        return manifest;
    }
}
