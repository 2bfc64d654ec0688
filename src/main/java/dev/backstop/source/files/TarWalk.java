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

    private final String sourceName;
    private final TarArchiveOutputStream tar;
    private final ExcludeRules excludes;
    private final FileContent content;
    private final SourceContext context;
    private final List<FileNote> skipped = new ArrayList<>();
    private final List<FileNote> changed = new ArrayList<>();
    private final OwnerNames ownerNames = new OwnerNames();
    private long entries;
    private long bytes;

    TarWalk(String sourceName, TarArchiveOutputStream tar, ExcludeRules excludes, FilesSource.BeforeOpen beforeOpen,
            SourceContext context) {
        this.sourceName = sourceName;
        this.tar = tar;
        this.excludes = excludes;
        this.content = new FileContent(tar, beforeOpen);
        this.context = context;
    }

    SourceFacts facts() {
        return SourceFacts.files(entries, bytes, skipped, changed);
    }

    /** Archives {@code path} and, for a directory, everything below it that is not excluded. */
    void visit(Path path, String relative) throws SourceException, IOException, InterruptedException {
        if (excludes.excludes(relative)) {
            return;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("files source '" + sourceName + "' cancelled");
        }
        RawNames.Name name = RawNames.of(path);
        Map<String, Object> attrs;
        try {
            // not "unix:*": that resolves owner and group names by reading /etc/passwd and /etc/group for every file
            attrs = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            note(skipped, name.text(), "vanished before it was read");
            return;
        } catch (IOException e) {
            throw failure(name.text(), e);
        }
        if (!name.validUtf8()) {
            note(changed, name.text(), "name is not valid UTF-8; stored with its invalid bytes written as %XX");
        }
        String entryName = name.text().substring(1); // like GNU tar: "/var/www" -> "var/www"
        int mode = (Integer) attrs.get("mode");
        switch (mode & S_IFMT) {
            case S_IFDIR -> directory(path, relative, name, entryName, attrs);
            case S_IFLNK -> symlink(path, name, entryName, attrs);
            case S_IFREG -> regularFile(path, name, entryName, attrs);
            default -> note(skipped, name.text(), specialKind(mode) + ", not read");
        }
    }

    private void directory(Path path, String relative, RawNames.Name name, String entryName, Map<String, Object> attrs)
            throws SourceException, IOException, InterruptedException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            stream.forEach(children::add);
        } catch (NoSuchFileException e) {
            note(skipped, name.text(), "directory vanished before it was read");
            return;
        } catch (IOException e) {
            throw failure(name.text(), e);
        }
        TarArchiveEntry entry = header(path, entryName.isEmpty() ? "./" : entryName + "/", TarConstants.LF_DIR, attrs);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        entries++;
        children.sort(Comparator.comparing(Path::toString));
        for (Path child : children) {
            String childName = child.getFileName().toString();
            visit(child, relative.isEmpty() ? childName : relative + "/" + childName);
        }
    }

    private void symlink(Path path, RawNames.Name name, String entryName, Map<String, Object> attrs)
            throws SourceException, IOException {
        String target;
        try {
            target = Files.readSymbolicLink(path).toString();
        } catch (NoSuchFileException e) {
            note(skipped, name.text(), "vanished before it was read");
            return;
        } catch (IOException e) {
            throw failure(name.text(), e);
        }
        if (target.indexOf('\uFFFD') >= 0) {
            note(changed, name.text(), "symlink target is not valid UTF-8; stored as " + target);
        }
        TarArchiveEntry entry = header(path, entryName, TarConstants.LF_SYMLINK, attrs);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        entries++;
    }

    private void regularFile(Path path, RawNames.Name name, String entryName, Map<String, Object> attrs)
            throws SourceException, IOException {
        long size = (Long) attrs.get("size");
        TarArchiveEntry entry = header(path, entryName, TarConstants.LF_NORMAL, attrs);
        entry.setSize(size);
        FileContent.Outcome outcome;
        try {
            outcome = content.write(path, entry, (FileTime) attrs.get("lastModifiedTime"));
        } catch (FileContent.ReadFailure e) {
            throw failure(name.text(), e.getCause());
        }
        if (outcome.vanished()) {
            note(skipped, name.text(), "vanished before it was read");
            return;
        }
        entries++;
        bytes += size;
        if (outcome.changeReason() != null) {
            note(changed, name.text(), outcome.changeReason());
        }
    }

    private TarArchiveEntry header(Path path, String entryName, byte linkFlag, Map<String, Object> attrs) {
        TarArchiveEntry entry = new TarArchiveEntry(entryName, linkFlag, true);
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

    private void note(List<FileNote> list, String path, String reason) {
        list.add(new FileNote(path, reason));
        // the run names the source before each warning
        context.warn().accept(path + ": " + reason);
    }

    private SourceException failure(String path, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SourceException("files source '" + sourceName + "': cannot read " + path + ": " + why, e);
    }
}
