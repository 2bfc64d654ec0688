package dev.backstop.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of the MANIFEST.json format (docs/manifest.md): how this version writes it and
 * how every reader reads it. The rules that let the format grow:
 * <ul>
 *   <li>readers ignore fields they do not know, at every level (the set, a component, its facts),
 *       so a later version may add fields without raising the format;</li>
 *   <li>{@code format_version} rises only for a change an older reader would misread;</li>
 *   <li>{@code format_version}, {@code id} and {@code host} keep their place and meaning in every
 *       format, so a reader can always tell a newer set from garbage and whose set it is;</li>
 *   <li>a set of a newer format is reported and kept, never treated as garbage or removed.</li>
 * </ul>
 */
public final class ManifestFormat {

    /** The newest format this version reads in full. */
    public static final int VERSION = 3;
    /** The format of a set whose components are all stored in the clear; every version reads it. */
    public static final int CLEAR = 1;
    /**
     * The format of a set with an encrypted component: a reader of format 1 would take the sealed
     * {@code .age} bytes for compressed ones and fail its restore as if the set were damaged.
     */
    public static final int ENCRYPTED = 2;
    /**
     * The format of a set that records the log position of a source instead of its dump
     * ({@code log_positions}): a reader of format 2 would ignore the field and restore the set
     * without that database, as if it had none.
     */
    public static final int LOG_POSITIONS = 3;

    private static final ObjectReader READER = reader(Manifest.class);

    private ManifestFormat() {
    }

    /**
     * Reads the manifest or one of its parts (a component's facts, as history keeps them) by the
     * rule above: fields this version does not know are ignored. The shared mapping of {@link Json}
     * refuses them, as it should for anything else.
     */
    public static ObjectReader reader(Class<?> type) {
        return Json.mapper().readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The format a set of these components is written in: the oldest one that reads them right. */
    public static int versionFor(List<ComponentEntry> components) {
        return versionFor(components, List.of());
    }

    /** The format a set of these components and log positions is written in: the oldest one that reads them right. */
    public static int versionFor(List<ComponentEntry> components, List<LogPositionEntry> logPositions) {
        if (!logPositions.isEmpty()) {
            return LOG_POSITIONS;
        }
        return components.stream().anyMatch(ComponentEntry::encrypted) ? ENCRYPTED : CLEAR;
    }

    /** The manifest as this version writes it: indented JSON, keys in snake_case, a final newline. */
    public static byte[] write(Manifest manifest) {
        try {
            return (Json.mapper().writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest always serializes", e);
        }
    }

    /** Reads a MANIFEST.json. Never throws: what is not a manifest comes back as {@link ManifestReading.Malformed}. */
    public static ManifestReading read(byte[] json) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (IOException e) {
            return new ManifestReading.Malformed("not JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            return new ManifestReading.Malformed("not a JSON object");
        }
        JsonNode version = tree.get("format_version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
            return new ManifestReading.Malformed("format_version is missing or not a positive whole number");
        }
        JsonNode id = tree.get("id");
        if (id == null || !id.isTextual() || !BackupId.isValid(id.textValue())) {
            return new ManifestReading.Malformed("manifest lacks a valid id");
        }
        if (version.intValue() > VERSION) {
            JsonNode host = tree.get("host");
            return new ManifestReading.Newer(version.intValue(), id.textValue(),
                    host != null && host.isTextual() ? host.textValue() : null, storedFiles(tree.get("components")));
        }
        JsonNode components = tree.get("components");
        if (components == null || !components.isArray()) {
            return new ManifestReading.Malformed("manifest lacks its list of components");
        }
        try {
            return new ManifestReading.Known(READER.readValue(tree));
        } catch (IOException | RuntimeException e) {
            return new ManifestReading.Malformed(firstLine(e.getMessage()));
        }
    }

    // a newer format may reshape components: take only what reads unambiguously
    private static List<ManifestReading.FileSize> storedFiles(JsonNode components) {
        List<ManifestReading.FileSize> files = new ArrayList<>();
        if (components != null && components.isArray()) {
            for (JsonNode c : components) {
                JsonNode file = c.get("file");
                JsonNode bytes = c.get("bytes");
                if (file != null && file.isTextual() && bytes != null && bytes.isIntegralNumber() && bytes.canConvertToLong()) {
                    files.add(new ManifestReading.FileSize(file.textValue(), bytes.longValue()));
                }
            }
        }
        return files;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
