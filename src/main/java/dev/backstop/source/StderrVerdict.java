package dev.backstop.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sorts the lines of a dump tool's stderr into errors and warnings. A line that mentions an error
 * fails the dump even when the tool exits 0, since an exit status alone is not trusted; the
 * others are passed on as warnings, at most 100 so that a chatty tool cannot flood a report.
 * Fed on the stderr thread and read on the dumping thread, hence synchronized.
 */
final class StderrVerdict {

    private static final int MAX_WARNINGS = 100;

    private final List<String> warnings = new ArrayList<>();
    private String firstError;

    synchronized void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        if (line.toLowerCase(Locale.ROOT).contains("error")) {
            if (firstError == null) {
                firstError = line.strip();
            }
        } else if (warnings.size() < MAX_WARNINGS) {
            warnings.add(line.strip());
        }
    }

    synchronized String firstError() {
        return firstError;
    }

    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }
}
