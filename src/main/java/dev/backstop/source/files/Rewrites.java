package dev.backstop.source.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Which regular files of an archive of a chain a later archive of the same chain writes again, read
 * from the headers of the increments before the chain is applied. A file that grows between runs
 * (a log) is in every increment: its earlier copies need not be written, only read past.
 */
final class Rewrites {

    /** Beyond this many names the increments are not worth remembering: every file is written. */
    static final int MAX_NAMES = 200_000;

    static final Rewrites NONE = new Rewrites(Map.of(), List.of());

    /** Each regular file's name (one char per byte) and the last archive of the chain that holds it. */
    private final Map<String, Integer> lastArchive;
    /** Per archive, the names its hard links point to: those files are written, as the links need them. */
    private final List<Set<String>> linkTargets;

    private Rewrites(Map<String, Integer> lastArchive, List<Set<String>> linkTargets) {
        this.lastArchive = lastArchive;
        this.linkTargets = linkTargets;
    }

    /** An archive of a chain, opened as its uncompressed tar stream. */
    interface Archive {
        InputStream open() throws IOException;
    }

    /**
     * Reads the headers of every archive after the first (the full, which a chain's increments
     * always follow, is read once only, when applied).
     */
    static Rewrites scan(List<? extends Archive> chain) throws IOException {
        Map<String, Integer> lastArchive = new HashMap<>();
        List<Set<String>> linkTargets = new ArrayList<>();
        linkTargets.add(Set.of()); // the full's are not read: it skips nothing
        for (int i = 1; i < chain.size(); i++) {
            Set<String> targets = new HashSet<>();
            try (InputStream in = chain.get(i).open()) {
                RawNameTarInput tar = new RawNameTarInput(in);
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    if (e.isLink()) {
                        targets.add(key(tar.linkName()));
                    } else if (e.isFile()) {
                        lastArchive.put(key(tar.name()), i);
                        if (lastArchive.size() > MAX_NAMES) {
                            return NONE;
                        }
                    }
                }
            }
            linkTargets.add(targets);
        }
        return new Rewrites(lastArchive, linkTargets);
    }

    /**
     * Whether the regular file {@code name} of archive {@code archive} (0: the full) is written again
     * by a later archive, and no hard link of this archive needs it.
     */
    boolean rewrittenAfter(int archive, byte[] name) {
        String key = key(name);
        Integer last = lastArchive.get(key);
        return last != null && last > archive && archive > 0 && !linkTargets.get(archive).contains(key);
    }

    private static String key(byte[] name) {
        return new String(name, StandardCharsets.ISO_8859_1);
    }
}
