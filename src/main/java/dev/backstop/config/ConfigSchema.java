package dev.backstop.config;

import java.util.List;
import java.util.Optional;

/**
 * The source and target types a configuration may use, in the order messages list them. The
 * registry of kinds builds it; tests may build a smaller one.
 */
public record ConfigSchema(List<? extends SourceSchema> sources, List<? extends TargetSchema> targets) {

    public ConfigSchema {
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
    }

    public Optional<SourceSchema> source(String type) {
        return sources.stream().filter(s -> s.type().equals(type)).findFirst().map(SourceSchema.class::cast);
    }

    public Optional<TargetSchema> target(String type) {
        return targets.stream().filter(t -> t.type().equals(type)).findFirst().map(TargetSchema.class::cast);
    }

    public List<String> sourceTypes() {
        return sources.stream().map(SourceSchema::type).toList();
    }

    public List<String> targetTypes() {
        return targets.stream().map(TargetSchema::type).toList();
    }
}
