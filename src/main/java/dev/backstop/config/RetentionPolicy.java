package dev.backstop.config;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How many backups a target keeps. A null count means the rule is not used. With no rule at
 * all, nothing is ever removed.
 */
public record RetentionPolicy(Integer keepLast, Integer keepHourly, Integer keepDaily, Integer keepWeekly,
                              Integer keepMonthly, Integer keepYearly, Duration keepWithin, ZoneId timeZone) {

    public static RetentionPolicy keepEverything() {
        return new RetentionPolicy(null, null, null, null, null, null, null, ZoneId.systemDefault());
    }

    public boolean keepsEverything() {
        return keepLast == null && keepHourly == null && keepDaily == null && keepWeekly == null
                && keepMonthly == null && keepYearly == null && keepWithin == null;
    }
}
