package dev.tailor.experiment;

import java.time.Duration;

/**
 * When a stage's numbers are worth a new {@link RolloutSnapshot}: the gap after the last one is
 * at least {@code minimumGap} and at least the stage's age divided by {@code perAge}. A young stage,
 * where every minute changes the picture, is sampled densely; an old one ever more sparsely, so the
 * count grows with the logarithm of the stage's age, not with the number of judgements. With the
 * default (10 s, 10) and a judgement every 10 s, a stage that runs 30 days keeps about 117 snapshots
 * rather than 259,200 (see {@code SnapshotSpacingTest}).
 */
public record SnapshotSpacing(Duration minimumGap, int perAge) {

    public static final SnapshotSpacing DEFAULT = new SnapshotSpacing(Duration.ofSeconds(10), 10);

    public SnapshotSpacing {
        if (minimumGap.isNegative() || perAge < 1) {
            throw new IllegalArgumentException("minimumGap must not be negative and perAge must be at least 1");
        }
    }

    /**
     * @param stageStartedAt when the stage began (epoch ms)
     * @param lastAt         when its last snapshot was taken, or null for none yet
     */
    public boolean due(long stageStartedAt, Long lastAt, long now) {
        if (lastAt == null || lastAt < stageStartedAt) {
            return true;
        }
        long gap = Math.max(minimumGap.toMillis(), (now - stageStartedAt) / perAge);
        return now - lastAt >= gap;
    }
}
