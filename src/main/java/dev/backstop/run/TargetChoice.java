package dev.backstop.run;

import dev.backstop.core.ConfigException;
import dev.backstop.target.Target;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --target} option of a command: every target, or the one it names.
 *
 * @param name       the target's name, or null for every target
 * @param configFile the configuration as the command was given it, for the message
 */
public record TargetChoice(String name, Path configFile) {

    /**
     * Every target when no name was given, else the one so named.
     *
     * @throws ConfigException no target has that name; the message names the known ones
     */
    public List<Target> from(List<Target> targets) throws ConfigException {
        if (name == null) {
            return targets;
        }
        List<Target> chosen = targets.stream().filter(t -> t.name().equals(name)).toList();
        if (chosen.isEmpty()) {
            throw new ConfigException("--target " + name + ": no such target in " + configFile + " (known: "
                    + String.join(", ", targets.stream().map(Target::name).toList()) + ")");
        }
        return chosen;
    }

    /** The one to read from: the named target, or the first configured. */
    public Target first(List<Target> targets) throws ConfigException {
        return from(targets).get(0);
    }
}
