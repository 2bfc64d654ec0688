package dev.backstop.source.files;

import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.core.SourceFacts.FileNote;
import dev.backstop.source.SourceContext;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** One walk over the configured paths into one tar stream; collects the facts on the way. */
final class TarWalk {

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime";
    private static final char NOT_LISTED = 0;
    private static final Comparator<Path> BY_NAME = Comparator.comparing(Path::toString)
            .thenComparing(Comparator.naturalOrder());

    private final String sourceName;
    private final TarArchiveOutputStream tar;
    private final ExcludeRules excludes;
    private final FileContent content;
    private final SourceContext context;
    private final Increment increment; // null: a plain archive, no dumpdirs
    private final String attributeNames;
    private final List<FileNote> skipped = new ArrayList<>();
    private final List<FileNote> changed = new ArrayList<>();
    private final OwnerNames ownerNames = new OwnerNames();
    private long entries;
    private long files;
    private long bytes;

    TarWalk(String sourceName, TarArchiveOutputStream tar, ExcludeRules excludes, FilesSource.BeforeOpen beforeOpen,
            SourceContext context, Increment increment) {
        this.sourceName = sourceName;
        this.tar = tar;
        this.excludes = excludes;
        this.content = new FileContent(tar, beforeOpen);
        this.context = context;
        this.increment = increment;
        this.attributeNames = increment == null ? ATTRIBUTES : ATTRIBUTES + "," + Increment.ATTRIBUTES;
    }

    SourceFacts facts() {
        return SourceFacts.files(files, entries, bytes, skipped, changed);
    }

    /** Archives {@code path} and, for a directory, everything below it that is not excluded. */
    void visit(Path path, Path relative) throws SourceException, IOException, InterruptedException {
        if (excludes.excludes(relative)) {
            return;
        }
        byte[] name = RawNames.of(path);
        Map<String, Object> attrs = attributes(path, name);
        if (attrs != null) {
            char flag = flag(name, attrs);
            if (!countedUnchanged(attrs, flag)) {
                archive(path, relative, name, attrs, flag);
            }
        }
    }

    /** The entry's attributes, or null when it vanished (noted). */
    private Map<String, Object> attributes(Path path, byte[] name) throws SourceException {
        try {
            // not "unix:*": that resolves owner and group names by reading /etc/passwd and /etc/group for every file
            return Files.readAttributes(path, attributeNames, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            note(skipped, name, "vanished before it was read");
            return null;
        } catch (IOException e) {
            throw failure(name, e);
        }
    }

    /** Its flag in its directory's dumpdir: 'D' a directory, 'Y' archived, 'N' not archived this time. */
    private char flag(byte[] name, Map<String, Object> attrs) {
        int type = (Integer) attrs.get("mode") & S_IFMT;
        if (type == S_IFDIR) {
            return 'D';
        }
        if (type != S_IFREG && type != S_IFLNK) {
            return 'N';
        }
        return increment == null || increment.changed(name, attrs) ? 'Y' : 'N';
    }

    /**
     * Counts a file or symlink that this increment leaves out ('N'): it is in the facts all the
     * same. Kept apart from {@link #archive}, which then runs for directories and archived entries
     * alone: in an increment that is a few thousand calls, too few for the optimising compiler to
     * spend half a second on it (it did, on the bench's 22,400 files, and the walk was done by then).
     *
     * @return true when the entry was counted and needs nothing more
     */
    private boolean countedUnchanged(Map<String, Object> attrs, char flag) {
        if (flag != 'N') {
            return false;
        }
        int type = (Integer) attrs.get("mode") & S_IFMT;
        if (type != S_IFREG && type != S_IFLNK) {
            return false;
        }
        entries++;
        if (type == S_IFREG) {
            files++;
            bytes += (Long) attrs.get("size");
        }
        return true;
    }

    /** Archives one entry whose flag is {@code flag}, unless {@link #countedUnchanged}. */
    private void archive(Path path, Path relative, byte[] name, Map<String, Object> attrs, char flag)
            throws SourceException, IOException, InterruptedException {
        checkCancelled();
        int mode = (Integer) attrs.get("mode");
        switch (mode & S_IFMT) {
            case S_IFDIR -> directory(path, relative, name, attrs);
            case S_IFLNK -> symlink(path, name, attrs);
            case S_IFREG -> regularFile(path, name, attrs);
            default -> note(skipped, name, specialKind(mode) + ", not read");
        }
    }

    private void checkCancelled() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("files source '" + sourceName + "' cancelled");
        }
    }

    private void directory(Path path, Path relative, byte[] name, Map<String, Object> attrs)
            throws SourceException, IOException, InterruptedException {
        List<Path> children = children(path, name);
        if (children == null) {
            return;
        }
        if (increment == null) {
            putDirectory(path, name, attrs, null);
            for (Path child : children) {
                visit(child, relative.resolve(child.getFileName()));
            }
            return;
        }
        // the dumpdir precedes what it lists, so each child's flag is settled before any is archived
        Listing listing = settle(children, relative);
        putIfHeld(path, name, attrs, children, listing);
        for (int i = 0; i < children.size(); i++) {
            if (listing.attrs[i] != null && !countedUnchanged(listing.attrs[i], listing.flags[i])) {
                Path child = children.get(i);
                archive(child, relative.resolve(child.getFileName()), RawNames.of(child), listing.attrs[i],
                        listing.flags[i]);
            }
        }
    }

    /** The entries of a directory, sorted as GNU tar sorts them; null when it vanished (noted). */
    private List<Path> children(Path path, byte[] name) throws SourceException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            stream.forEach(children::add);
        } catch (NoSuchFileException e) {
            note(skipped, name, "directory vanished before it was read");
            return null;
        } catch (IOException e) {
            throw failure(name, e);
        }
        // by name, and by bytes where two names read alike (names that are not UTF-8)
        children.sort(BY_NAME);
        return children;
    }

    /**
     * The attributes and dumpdir flags of a directory's children, in their order: attributes null
     * for a name excluded or vanished, flag {@link #NOT_LISTED} for a name that vanished.
     */
    private record Listing(Map<String, Object>[] attrs, char[] flags) {
    }

    @SuppressWarnings("unchecked")
    private Listing settle(List<Path> children, Path relative) throws SourceException, InterruptedException {
        Listing listing = new Listing(new Map[children.size()], new char[children.size()]);
        for (int i = 0; i < children.size(); i++) {
            checkCancelled(); // unchanged files reach no other check: a directory may hold thousands
            Path child = children.get(i);
            byte[] childName = RawNames.of(child);
            boolean excluded = excludes.excludes(relative.resolve(child.getFileName()));
            Map<String, Object> a = excluded ? null : attributes(child, childName);
            // an excluded name is listed as 'N', or extracting would delete it
            listing.attrs[i] = a;
            listing.flags[i] = a != null ? flag(childName, a) : excluded ? 'N' : NOT_LISTED;
        }
        return listing;
    }

    /**
     * Archives the directory's own entry with its dumpdir when the increment holds it. A directory
     * that did not change and gets no file is left out: the earlier archives recreate it as it is
     * (tar -x -g changes only the directories an archive holds). A file written into a directory
     * moves its time, so its directory is held, to set the time back.
     */
    private void putIfHeld(Path path, byte[] name, Map<String, Object> attrs, List<Path> children, Listing listing)
            throws IOException {
        boolean changed = increment.directoryChanged(name, attrs); // recorded for the next run in any case
        boolean fileInIt = false;
        for (char flag : listing.flags) {
            fileInIt |= flag == 'Y';
        }
        if (!changed && !fileInIt) {
            entries++;
            return;
        }
        Increment.Dumpdir dumpdir = new Increment.Dumpdir(); // only for a directory held: most are not
        for (int i = 0; i < children.size(); i++) {
            if (listing.flags[i] != NOT_LISTED) {
                dumpdir.add(listing.flags[i], RawNames.of(children.get(i).getFileName()));
            }
        }
        putDirectory(path, name, attrs, dumpdir.toBytes());
    }

    private void putDirectory(Path path, byte[] name, Map<String, Object> attrs, byte[] dumpdir) throws IOException {
        TarArchiveEntry entry = header(path, name, null, TarConstants.LF_DIR, attrs, dumpdir);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        entries++;
    }

    private void symlink(Path path, byte[] name, Map<String, Object> attrs)
            throws SourceException, IOException {
        byte[] target;
        try {
            target = RawNames.of(Files.readSymbolicLink(path));
        } catch (NoSuchFileException e) {
            note(skipped, name, "vanished before it was read");
            return;
        } catch (IOException e) {
            throw failure(name, e);
        }
        TarArchiveEntry entry = header(path, name, target, TarConstants.LF_SYMLINK, attrs, null);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        entries++;
    }

    private void regularFile(Path path, byte[] name, Map<String, Object> attrs)
            throws SourceException, IOException {
        long size = (Long) attrs.get("size");
        TarArchiveEntry entry = header(path, name, null, TarConstants.LF_NORMAL, attrs, null);
        entry.setSize(size);
        FileContent.Outcome outcome;
        try {
            outcome = content.write(path, entry, (FileTime) attrs.get("lastModifiedTime"));
        } catch (FileContent.ReadFailure e) {
            throw failure(name, e.getCause());
        }
        if (outcome.vanished()) {
            note(skipped, name, "vanished before it was read");
            return;
        }
        entries++;
        files++;
        bytes += size;
        if (outcome.changeReason() != null) {
            note(changed, name, outcome.changeReason());
        }
    }

    /** A header named like GNU tar names it: "/var/www" becomes "var/www", a directory's gets a '/'. */
    private TarArchiveEntry header(Path path, byte[] name, byte[] linkTarget, byte linkFlag, Map<String, Object> attrs,
            byte[] dumpdir) {
        boolean directory = linkFlag == TarConstants.LF_DIR;
        byte[] entryName = name.length == 1 && directory ? new byte[] {'.', '/'}
                : Arrays.copyOfRange(name, 1, name.length + (directory ? 1 : 0));
        if (directory) {
            entryName[entryName.length - 1] = '/';
        }
        TarArchiveEntry entry = dumpdir != null ? RawNameTarOutput.directory(entryName, dumpdir)
                : RawNameTarOutput.entry(entryName, linkTarget, linkFlag);
        entry.setMode((Integer) attrs.get("mode"));
        int uid = (Integer) attrs.get("uid");
        int gid = (Integer) attrs.get("gid");
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setUserName(ownerNames.user(path, uid));
        entry.setGroupName(ownerNames.group(path, gid));
        // whole seconds, as GNU tar's default format keeps them: a sub-second time would cost
        // every entry an extra PAX header block pair
        entry.setModTime(FileTime.from(((FileTime) attrs.get("lastModifiedTime")).to(TimeUnit.SECONDS), TimeUnit.SECONDS));
        return entry;
    }

    private static String specialKind(int mode) {
        return switch (mode & S_IFMT) {
            case 0010000 -> "FIFO";
            case 0140000 -> "socket";
            case 0020000 -> "character device";
            case 0060000 -> "block device";
            default -> "special file (mode " + Integer.toOctalString(mode) + ")";
        };
    }

    private void note(List<FileNote> list, byte[] name, String reason) {
        String path = RawNames.display(name);
        list.add(new FileNote(path, reason));
        // the run names the source before each warning
        context.warn().accept(path + ": " + reason);
    }

    private SourceException failure(byte[] name, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SourceException("source " + sourceName + ": cannot read " + RawNames.display(name) + ": "
                + why, e);
    }
}
