package dev.backstop.core;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        List<AnomalyFinding> anomalies,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LogPositionEntry> logPositions) {

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
        logPositions = logPositions == null ? List.of() : List.copyOf(logPositions);
    }

    /** A set in which every source was dumped. */
    public Manifest(int formatVersion, String id, String host, String backstopVersion, Instant started, Instant finished,
                    List<ComponentEntry> components, List<AnomalyFinding> anomalies) {
        this(formatVersion, id, host, backstopVersion, started, finished, components, anomalies, List.of());
    }

    /** A manifest in the format its components need ({@link ManifestFormat#versionFor}). */
    public static Manifest forComponents(String id, String host, String backstopVersion, Instant started,
                                         Instant finished, List<ComponentEntry> components,
                                         List<AnomalyFinding> anomalies) {
        return forComponents(id, host, backstopVersion, started, finished, components, anomalies, List.of());
    }

    /** A manifest in the format its components and log positions need ({@link ManifestFormat#versionFor}). */
    public static Manifest forComponents(String id, String host, String backstopVersion, Instant started,
                                         Instant finished, List<ComponentEntry> components,
                                         List<AnomalyFinding> anomalies, List<LogPositionEntry> logPositions) {
        return new Manifest(ManifestFormat.versionFor(components, logPositions), id, host, backstopVersion, started,
                finished, components, anomalies, logPositions);
    }

    /** The entry of a source this set holds no dump of, only its log position; empty when it holds its dump or nothing. */
    public java.util.Optional<LogPositionEntry> logPosition(String source) {
        return logPositions.stream().filter(p -> p.name().equals(source)).findFirst();
    }

    /** The manifest as this version writes it ({@link ManifestFormat#write}). */
    public byte[] toJson() {
        return ManifestFormat.write(this);
    }

    /**
     * A file of the set besides MANIFEST.json and SHA256SUMS.
     *
     * @param component the component it belongs to
     * @param file      its name in the set
     * @param snapshot  true for a copy of a snapshot state, false for the component's own file
     */
    public record SetFile(String component, String file, long bytes, String sha256, boolean snapshot) {
    }

    /** Every file of the set besides MANIFEST.json and SHA256SUMS, in component order, a component's own file first. */
    public List<SetFile> files() {
        List<SetFile> files = new java.util.ArrayList<>();
        for (ComponentEntry c : components) {
            files.add(new SetFile(c.name(), c.file(), c.bytes(), c.sha256(), false));
            if (c.incremental() != null && c.incremental().snapshot() != null) {
                ComponentIncrement.SnapshotFile s = c.incremental().snapshot();
                files.add(new SetFile(c.name(), s.file(), s.bytes(), s.sha256(), true));
            }
        }
        return files;
    }

    /** SHA256SUMS in the format of {@code sha256sum}: hash, two spaces, file name; every file of {@link #files}. */
    public byte[] sha256Sums() {
        StringBuilder sb = new StringBuilder();
        for (SetFile f : files()) {
            sb.append(f.sha256()).append("  ").append(f.file()).append('\n');
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
