package dev.backstop.history;

import java.util.List;

/** A run with its components, as anomaly detection and the dashboard read it. */
public record RunDetail(RunRecord run, List<ComponentRecord> components) {

    public RunDetail {
        components = List.copyOf(components);
    }
}
