package dev.backstop.core;

import java.time.Instant;
import java.util.List;

/**
 * MANIFEST.json: written last into a backup set, its presence marks the set complete. A set
 * without a manifest that parses is garbage to every reader, unless a newer backstop wrote it.
 * {@link ManifestFormat} owns how it is written and read.
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

    /**
     * The format of a set stored in the clear; a set with encrypted components is written in
     * {@link ManifestFormat#ENCRYPTED} ({@link #forComponents}).
     */
    public static final int FORMAT_VERSION = ManifestFormat.CLEAR;
    public static final String FILE_NAME = "MANIFEST.json";
    public static final String SUMS_FILE_NAME = "SHA256SUMS";

    public Manifest {
        components = List.copyOf(components);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    }

    /** A manifest in the format its components need ({@link ManifestFormat#versionFor}). */
    public static Manifest forComponents(String id, String host, String backstopVersion, Instant started,
                                         Instant finished, List<ComponentEntry> components,
                                         List<AnomalyFinding> anomalies) {
        return new Manifest(ManifestFormat.versionFor(components), id, host, backstopVersion, started, finished,
                components, anomalies);
    }

    /** The manifest as this version writes it ({@link ManifestFormat#write}). */
    public byte[] toJson() {
        return ManifestFormat.write(this);
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
