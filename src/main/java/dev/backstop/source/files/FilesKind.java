package dev.backstop.source.files;

import dev.backstop.config.ConfigOutput;
import dev.backstop.config.IncrementalConfig;
import dev.backstop.config.Section;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.ComponentRestorer;
import dev.backstop.source.Source;
import dev.backstop.source.SourceKind;
import java.nio.file.FileSystems;
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
        return List.of("paths", "exclude", IncrementalConfig.KEY);
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
        return new FilesConfig(name, minSize, paths, exclude, IncrementalConfig.read(s));
    }

    @Override
    public void print(SourceConfig config, ConfigOutput out) {
        FilesConfig f = (FilesConfig) config;
        out.paths("paths", f.paths());
        out.texts("exclude", f.exclude());
        if (f.incremental() != null) {
            out.value(IncrementalConfig.KEY, f.incremental().render());
        }
    }

    @Override
    public Source create(SourceConfig config, ProcessRunner runner) {
        return new FilesSource((FilesConfig) config);
    }

    @Override
    public void check(SourceConfig config, Findings findings) {
        new FilesSource((FilesConfig) config).check(findings);
    }

    @Override
    public ComponentRestorer restorer() {
        return new FilesRestorer();
    }
}
