package dev.backstop.config;

/**
 * Thresholds of the anomaly check, in whole percent.
 *
 * @param window          how many recent good runs form the baseline
 * @param maxShrinkPercent a drop of more than this is a finding
 * @param maxGrowthPercent a growth of more than this is a finding
 */
public record AnomalyConfig(int window, int maxShrinkPercent, int maxGrowthPercent) {

    public static AnomalyConfig defaults() {
        return new AnomalyConfig(7, 20, 100);
    }
}
