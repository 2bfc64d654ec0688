package dev.backstop.source.files;

import dev.backstop.codec.CountingInput;
import dev.backstop.config.ConfigOutput;
import dev.backstop.config.Section;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.core.FileTrees;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.ComponentRestorer;
import dev.backstop.source.RestoreDestination;
import dev.backstop.source.RestoreScratch;
import dev.backstop.source.Restored;
import dev.backstop.source.Source;
import dev.backstop.source.SourceKind;
import dev.backstop.source.StoredComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code files} source kind: a tar archive of paths. It comes back extracted, and the entries
 * and bytes extracted are counted as the walk counted them when the backup was made.
 */
public final class FilesKind implements SourceKind {

    @Override
    public String type() {
        return FilesConfig.TYPE;
    }

    @Override
    public List<String> keys() {
        return List.of("paths", "exclude");
    }

    @Override
    public SourceConfig read(Section s, String name, ByteSize minSize) {
        List<Section.Item> items = s.items("paths");
        if (!s.has("paths")) {
            s.missing("paths", "");
        } else if (items != null && items.isEmpty()) {
            s.problem("paths", "must list at least one path");
        }
        List<Path> paths = new ArrayList<>();
        for (Section.Item item : items == null ? List.<Section.Item>of() : items) {
            Path p = item.path();
            if (p != null) {
                paths.add(p);
            }
        }
        List<String> exclude = new ArrayList<>();
        List<Section.Item> globs = s.items("exclude");
        for (Section.Item item : globs == null ? List.<Section.Item>of() : globs) {
            String glob = item.text();
            try {
                if (glob != null) {
                    FileSystems.getDefault().getPathMatcher("glob:" + glob);
                    exclude.add(glob);
                }
            } catch (PatternSyntaxException e) {
                item.problem("not a valid glob pattern: " + e.getDescription());
            }
        }
        return new FilesConfig(name, minSize, paths, exclude);
    }

    @Override
    public void print(SourceConfig config, ConfigOutput out) {
        FilesConfig f = (FilesConfig) config;
        out.paths("paths", f.paths());
        out.texts("exclude", f.exclude());
    }

    @Override
    public Source create(SourceConfig config, ProcessRunner runner) {
        return new FilesSource((FilesConfig) config);
    }

    @Override
    public void check(SourceConfig config, Findings findings) {
        new FilesSource((FilesConfig) config).check(findings);
    }

    /** The bytes of file content the manifest records, the extraction's whole; -1 when it records none. */
    private static long fileBytes(StoredComponent component) {
        return component.entry().facts() != null && component.entry().facts().fileBytes() != null
                ? component.entry().facts().fileBytes() : -1;
    }

    @Override
    public ComponentRestorer restorer() {
        return new ComponentRestorer() {
            @Override
            public Restored test(StoredComponent component, RestoreScratch scratch) throws IOException {
                Path tree = scratch.directory().resolve(component.name() + ".d");
                long raw;
                TarExtractor.Stats stats;
                scratch.progress().start("extract " + component.entry().file(), fileBytes(component));
                try (CountingInput in = new CountingInput(component.open())) {
                    stats = TarExtractor.extract(in, tree, false, scratch.progress());
                    in.transferTo(OutputStream.nullOutputStream()); // tar's zero padding at the end
                    raw = in.count();
                } finally {
                    scratch.progress().finish();
                }
                FileTrees.delete(tree);
                return new Restored("extracted " + stats.entries() + " entries", raw, null, stats.files(),
                        stats.bytes(), stats.entries());
            }

            @Override
            public String restore(StoredComponent component, RestoreDestination destination) throws IOException {
                Path tree = destination.directory().resolve(component.name());
                // stripped: extracted aside, then the common directory is moved into place in one rename
                Path into = destination.stripSourcePath() ? destination.directory().resolve("." + component.name()
                        + ".extracting") : tree;
                destination.progress().start("extract " + component.entry().file(), fileBytes(component));
                TarExtractor.Stats stats;
                try (InputStream in = component.open()) {
                    stats = TarExtractor.extract(in, into, destination.restoreOwners(), destination.progress());
                } finally {
                    destination.progress().finish();
                }
                if (!destination.stripSourcePath()) {
                    return component.name() + ": " + stats.entries() + " entries extracted below " + tree;
                }
                Files.move(into.resolve(stats.common()), tree); // the restore checked that tree does not exist
                FileTrees.delete(into);
                return component.name() + ": " + stats.entries() + " entries extracted into " + tree + ", relative to /"
                        + stats.common() + " (--strip-source-path)";
            }
        };
    }
}
