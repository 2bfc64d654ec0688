package dev.backstop.source;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a dump may use besides its output stream.
 *
 * @param scratchDir a private directory on the spool for temporary files, removed after the run
 * @param warn       receives human warnings (a skipped FIFO, a file that changed), one per call;
 *                   the run puts the source's name before each
 */
public record SourceContext(Path scratchDir, Consumer<String> warn) {
}
