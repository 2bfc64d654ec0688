package dev.backstop.config;

import dev.backstop.codec.Compression;
import dev.backstop.core.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a backstop configuration file into a {@link BackstopConfig}, with the source and target
 * types of a {@link ConfigSchema}. The YAML is composed into a
 * node tree (which keeps line and column of every key) and walked section by section; every
 * problem is collected and reported at once, one per line, as
 * {@code FILE:LINE:COLUMN: dotted.key.path: message}.
 */
public final class ConfigLoader {

    static final List<String> TOP_LEVEL_KEYS =
            List.of("host", "state_dir", "compression", "sources", "targets", "anomaly", "notify",
                    "encryption");
    /** Keys of a source or a target that a first configuration often writes at the top level. */
    private static final Map<String, String> NESTED_KEYS = Map.of(
            "retention", "each target (targets: - name: ... retention: {keep_daily: 7, ...}); every target keeps its own",
            "incremental", "a files source (sources: - name: ... type: files incremental: ...)",
            "log_archive", "a mysql source (sources: - name: ... type: mysql log_archive: ...)",
            "restore_test", "a mysql or postgres source (sources: - name: ... restore_test: ...)",
            "min_size", "a source (sources: - name: ... min_size: ...)",
            "encrypt", "a target (targets: - name: ... encrypt: false); the keys themselves go in encryption:",
            "paths", "a files source (sources: - name: ... type: files paths: [...])");
    static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/backstop");

    private ConfigLoader() {
    }

    /**
     * Reads and validates {@code file}. Reads only; never creates or changes anything.
     *
     * @throws ConfigException if the file is missing or unreadable (the message names it), or
     *                         has any problem (one line per problem, each with its position)
     */
    public static BackstopConfig load(Path file, ConfigSchema schema) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist"
                    + " (write a commented starter configuration with 'backstop init')", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read configuration file " + file + ": permission denied", e);
        } catch (MalformedInputException e) {
            throw new ConfigException("cannot read configuration file " + file + ": it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file, schema);
    }

    /**
     * Validates configuration text. Relative paths in it are resolved against the directory of
     * {@code fileForMessages}, which also names the file in every message.
     *
     * @throws ConfigException with every problem found, one per line, in file order
     */
    public static BackstopConfig parse(String yamlText, Path fileForMessages, ConfigSchema schema)
            throws ConfigException {
        Problems problems = new Problems(fileForMessages.toString());
        Path file = fileForMessages.toAbsolutePath().normalize();
        Path baseDir = file.getParent();
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(fileForMessages.toString()).build();
            root = new Compose(settings).composeString(yamlText);
        } catch (MarkedYamlEngineException e) {
            syntaxError(problems, e);
            throw problems.toException();
        } catch (YamlEngineException e) {
            problems.addAt(0, 0, "", "cannot read YAML: " + e.getMessage());
            throw problems.toException();
        }
        if (root.isEmpty() || root.get().getTag().equals(Tag.NULL)) {
            problems.addAt(0, 0, "", "the configuration file is empty (it needs at least sources: and targets:;"
                    + " 'backstop init' writes a commented starter configuration)");
            throw problems.toException();
        }
        Section top = Section.mapping(root.get(), "", problems, baseDir, " (host:, sources:, targets:, ...)");
        if (top == null) {
            throw problems.toException();
        }
        top.rejectUnknown(TOP_LEVEL_KEYS, "the top level", NESTED_KEYS);
        String host = top.has("host") ? top.safeName("host", false) : machineHost(top);
        Path stateDir = top.has("state_dir") ? top.path("state_dir") : DEFAULT_STATE_DIR;
        Compression compression = top.has("compression") ? top.parsed("compression", Compression::parse)
                : Compression.GZIP;
        Map<String, AnomalyReader.Overrides> ownThresholds = new HashMap<>();
        List<SourceConfig> sources = SourceReader.read(top, schema, ownThresholds);
        java.util.Set<String> clearTargets = new java.util.HashSet<>();
        List<TargetConfig> targets = TargetReader.read(top, schema, clearTargets);
        AnomalyConfig anomaly = AnomalyReader.read(top);
        List<NotifyConfig> notify = NotifyReader.read(top, host);
        EncryptionConfig encryption = EncryptionReader.read(top, clearTargets);
        problems.throwIfAny();
        Map<String, AnomalyConfig> sourceAnomaly = new HashMap<>();
        ownThresholds.forEach((name, own) -> sourceAnomaly.put(name, own.over(anomaly)));
        return new BackstopConfig(file, host, stateDir, sources, compression, targets, anomaly, sourceAnomaly, notify,
                encryption);
    }

    private static void syntaxError(Problems problems, MarkedYamlEngineException e) {
        Mark at = e.getProblemMark().or(e::getContextMark).orElse(null);
        // SnakeYAML's own order: where the construct began, then what went wrong
        StringBuilder message = new StringBuilder("YAML syntax error: ");
        if (e.getContext() != null) {
            message.append(e.getContext());
            e.getContextMark().ifPresent(m -> message.append(" (line ").append(m.getLine() + 1)
                    .append(", column ").append(m.getColumn() + 1).append(")"));
            message.append(": ");
        }
        message.append(e.getProblem());
        problems.addAt(at == null ? 0 : at.getLine(), at == null ? 0 : at.getColumn(), "", message.toString());
    }

    private static String machineHost(Section top) {
        String name = machineHostName();
        if (name == null || !Section.SAFE_NAME.matcher(name).matches()) {
            top.problems().add(top.node(), "host", "the host name of this machine"
                    + (name == null ? " cannot be determined" : " ('" + name + "') is not a safe directory name")
                    + "; set host: (letters, digits, '.', '_' and '-')");
            return null;
        }
        return name;
    }

    /** The kernel's host name, as {@code hostname} prints it; null when it cannot be found. */
    static String machineHostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }
}
