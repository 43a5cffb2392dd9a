package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots stay few however long a stage runs, and dense while it is young. */
class SnapshotSpacingTest {

    private static final long SECOND = 1_000;
    private static final long DAY = 86_400 * SECOND;

    /** The times a stage judged every {@code every} ms for {@code length} ms keeps a snapshot at. */
    private static List<Long> taken(SnapshotSpacing spacing, long every, long length) {
        List<Long> out = new ArrayList<>();
        Long last = null;
        for (long now = every; now <= length; now += every) {
            if (spacing.due(0, last, now)) {
                out.add(now);
                last = now;
            }
        }
        return out;
    }

    @Test
    void thirtyDaysJudgedEveryTenSecondsKeepAboutAHundredAndTwentySnapshots() {
        List<Long> taken = taken(SnapshotSpacing.DEFAULT, 10 * SECOND, 30 * DAY);
        // 259,200 judgements; the count grows with the log of the stage's age
        assertThat(taken).hasSizeBetween(100, 130);
        assertThat(taken(SnapshotSpacing.DEFAULT, 10 * SECOND, DAY)).hasSizeBetween(60, 90);
        // the first ten, while the stage is young, one per judgement
        assertThat(taken.subList(0, 10)).containsExactly(10 * SECOND, 20 * SECOND, 30 * SECOND, 40 * SECOND, 50 * SECOND,
                60 * SECOND, 70 * SECOND, 80 * SECOND, 90 * SECOND, 100 * SECOND);
        // at the end, a snapshot about every three days (a tenth of the age)
        long lastGap = taken.get(taken.size() - 1) - taken.get(taken.size() - 2);
        assertThat(lastGap).isBetween(2 * DAY, 3 * DAY);
    }

    @Test
    void aNewStageIsDueAtOnce() {
        assertThat(SnapshotSpacing.DEFAULT.due(50_000, null, 50_000)).isTrue();
        assertThat(SnapshotSpacing.DEFAULT.due(50_000, 49_999L, 50_001)).isTrue(); // the last was the stage before's
        assertThat(SnapshotSpacing.DEFAULT.due(50_000, 50_000L, 55_000)).isFalse();
    }

    @Test
    void aSpacingThatWouldNeverGrowIsRefused() {
        assertThatThrownBy(() -> new SnapshotSpacing(Duration.ofSeconds(10), 0)).hasMessageContaining("perAge");
    }
}
