package dev.backstop.source.files;

import dev.backstop.config.IncrementalConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code type: files}: a tar archive of paths.
 *
 * @param exclude     glob patterns, matched against the path relative to each entry of paths
 * @param incremental how runs chain incremental archives; null: every run archives the whole tree
 */
public record FilesConfig(String name, ByteSize minSize, List<Path> paths, List<String> exclude,
                          IncrementalConfig incremental) implements SourceConfig {

    public static final String TYPE = "files";

    public FilesConfig {
        paths = List.copyOf(paths);
        exclude = List.copyOf(exclude);
    }

    /** A source whose every run archives the whole tree. */
    public FilesConfig(String name, ByteSize minSize, List<Path> paths, List<String> exclude) {
        this(name, minSize, paths, exclude, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
