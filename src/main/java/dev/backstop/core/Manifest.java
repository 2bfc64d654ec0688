package dev.backstop.core;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * MANIFEST.json: written last into a backup set, its presence marks the set complete. A set
 * without a manifest that parses is garbage to every reader.
 */
public record Manifest(
        int formatVersion,
        String id,
        String host,
        String backstopVersion,
        Instant started,
        Instant finished,
        List<ComponentEntry> components,
        List<AnomalyFinding> anomalies) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "MANIFEST.json";
    public static final String SUMS_FILE_NAME = "SHA256SUMS";

    public Manifest {
        components = List.copyOf(components);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    }

    public byte[] toJson() {
        try {
            return (Json.mapper().writeValueAsString(this) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest always serializes", e);
        }
    }

    /** Parses MANIFEST.json; IOException with the reason when it is not a valid manifest. */
    public static Manifest parse(byte[] json) throws IOException {
        Manifest m = Json.mapper().readValue(json, Manifest.class);
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new IOException("unsupported manifest format_version " + m.formatVersion());
        }
        if (m.id() == null || !BackupId.isValid(m.id()) || m.components() == null) {
            throw new IOException("manifest lacks a valid id or components");
        }
        return m;
    }

    /** SHA256SUMS in the format of {@code sha256sum}: hash, two spaces, file name. */
    public byte[] sha256Sums() {
        StringBuilder sb = new StringBuilder();
        for (ComponentEntry c : components) {
            sb.append(c.sha256()).append("  ").append(c.file()).append('\n');
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
