package dev.backstop.verify;

/**
 * One problem found on a target.
 *
 * @param severity how bad it is
 * @param target   the target's name
 * @param backupId the backup it concerns, or null for the target as a whole
 * @param file     the file it concerns (a component, MANIFEST.json, SHA256SUMS), or null
 * @param problem  what is wrong, with both values of a mismatch and, where there is one, the fix
 */
public record Finding(Severity severity, String target, String backupId, String file, String problem) {

    public static Finding critical(String target, String backupId, String file, String problem) {
        return new Finding(Severity.CRITICAL, target, backupId, file, problem);
    }

    public static Finding error(String target, String backupId, String file, String problem) {
        return new Finding(Severity.ERROR, target, backupId, file, problem);
    }

    public static Finding warning(String target, String backupId, String file, String problem) {
        return new Finding(Severity.WARNING, target, backupId, file, problem);
    }

    /** One line for people: {@code ERROR local 20251104T020001Z appdb.sql.gz: problem}. */
    public String line() {
        StringBuilder sb = new StringBuilder(severity.name()).append(' ').append(target);
        if (backupId != null) {
            sb.append(' ').append(backupId);
        }
        if (file != null) {
            sb.append(' ').append(file);
        }
        return sb.append(": ").append(problem).toString();
    }
}
