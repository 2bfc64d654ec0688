package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ConfigException;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.RunRecord;
import dev.backstop.registry.Kinds;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code backstop accept RUN_ID}: a person accepts a run's anomaly findings as the new normal. */
@Command(name = "accept", mixinStandardHelpOptions = true,
        description = "Accept the anomaly findings of a run (a table purged on purpose, a site that shrank): "
                + "the run joins the baseline that later runs are compared with.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:accepted (or accepted already)",
            "2:usage or configuration error, no history, an unknown run, or a run that was not an anomaly",
            ExitCodes.HISTORY_UNUSABLE})
final class AcceptCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The id of the run, as 'backstop run' printed it.")
    String runId;

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        if (!Files.exists(config.historyFile())) {
            throw new ConfigException("no history at " + config.historyFile() + ": no run has been recorded yet");
        }
        try (HistoryStore history = HistoryStore.open(config.historyFile())) {
            RunRecord run = history.run(runId).orElseThrow(() -> new ConfigException("run " + runId
                    + " is not in the history at " + config.historyFile() + " (ids look like 20251104T020001Z)"));
            if (run.outcome() != RunOutcome.ANOMALY) {
                throw new ConfigException("run " + runId + " ended '" + run.outcome().word()
                        + "', not 'anomaly': there are no findings to accept");
            }
            boolean first = run.acceptedAt() == null;
            history.acceptRun(runId, Instant.now());
            List<AnomalyFinding> findings = history.findings(runId);
            if (json.requested()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("outcome", "accepted");
                result.put("run", runId);
                result.put("findings", findings);
                result.put("exit_code", 0);
                json.print(parent.out, result);
            } else {
                findings.forEach(f -> parent.out.println("  " + f.message()));
                parent.out.println((first ? "accepted" : "already accepted") + " run " + runId + " with "
                        + findings.size() + " finding(s); it now counts as a good run in the anomaly baseline");
            }
            return 0;
        }
    }
}
