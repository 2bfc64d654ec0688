package dev.backstop.retention;

import java.util.List;

/**
 * What retention does with one backup, and why.
 *
 * @param backup  the backup
 * @param keep    true to keep it, false to remove it
 * @param reasons the rules that keep it ("daily", "last", "newest verified backup"), or, for a
 *                removal, the one sentence saying that no rule keeps it
 */
public record Decision(Backup backup, boolean keep, List<String> reasons) {

    public Decision {
        reasons = List.copyOf(reasons);
    }

    /** {@code keep (daily, weekly)} or {@code remove (no rule keeps it)}. */
    public String describe() {
        return (keep ? "keep" : "remove") + " (" + String.join(", ", reasons) + ")";
    }
}
