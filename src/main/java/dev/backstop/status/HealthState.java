package dev.backstop.status;

/** The states of a Nagios plugin, with their exit codes: the contract with Nagios, Icinga, Zabbix. */
public enum HealthState {
    OK(0),
    WARNING(1),
    CRITICAL(2),
    UNKNOWN(3);

    private final int exitCode;

    HealthState(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The worse of two states; UNKNOWN is worse than CRITICAL only when nothing is CRITICAL. */
    HealthState worse(HealthState other) {
        return severity(other) > severity(this) ? other : this;
    }

    private static int severity(HealthState s) {
        return switch (s) {
            case OK -> 0;
            case WARNING -> 1;
            case UNKNOWN -> 2;
            case CRITICAL -> 3;
        };
    }
}
