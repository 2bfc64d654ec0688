package dev.backstop.target;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The preflight probe every remote target runs: write a small file at the root, rename it,
 * delete it. It proves the three operations a commit needs before any dump starts.
 */
public final class WriteProbe {

    private WriteProbe() {
    }

    /**
     * Runs the probe; whatever happens, tries to leave no probe file behind.
     *
     * @throws IOException the first operation that failed
     */
    public static void run(Target target) throws IOException {
        String probe = ".backstop-probe-" + UUID.randomUUID();
        String moved = probe + ".renamed";
        try {
            target.write(probe, new ByteArrayInputStream("probe\n".getBytes(StandardCharsets.US_ASCII)));
            target.rename(probe, moved);
            target.delete(moved);
        } finally {
            try {
                target.delete(probe);
                target.delete(moved);
            } catch (IOException ignored) {
                // the probe failed already and says why; a leftover probe file is harmless
            }
        }
    }
}
