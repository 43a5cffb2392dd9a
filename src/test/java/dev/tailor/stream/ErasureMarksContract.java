package dev.tailor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ErasureMarks} adapter does: one subclass per adapter runs these against it. */
public abstract class ErasureMarksContract {

    private ErasureMarks marks;

    /** A new, empty store. */
    protected abstract ErasureMarks newMarks();

    @BeforeEach
    void createMarks() {
        marks = newMarks();
    }

    @Test
    void aPartitionAnswersEachErasedVisitorsNewestMarkOnly() {
        marks.add(new ErasureMarks.Mark("events", 1, 10, "eve", 1_000));
        marks.add(new ErasureMarks.Mark("events", 1, 30, "eve", 3_000)); // erased again later
        marks.add(new ErasureMarks.Mark("events", 1, 20, "kim", 2_000));
        marks.add(new ErasureMarks.Mark("events", 2, 99, "ann", 2_000)); // another partition
        marks.add(new ErasureMarks.Mark("other", 1, 99, "bob", 2_000)); // another topic
        assertThat(marks.inPartition("events", 1)).containsOnly(
                org.assertj.core.api.Assertions.entry("eve", 30L), org.assertj.core.api.Assertions.entry("kim", 20L));
        assertThat(marks.inPartition("events", 3)).isEmpty();
    }

    @Test
    void theSameMarkReadBackFromTheStreamIsKeptOnce() {
        marks.add(new ErasureMarks.Mark("events", 0, 5, "eve", 1_000));
        marks.add(new ErasureMarks.Mark("events", 0, 5, "eve", 2_000));
        assertThat(marks.inPartition("events", 0)).containsOnly(org.assertj.core.api.Assertions.entry("eve", 5L));
    }

    @Test
    void marksBeforeThePartitionsFirstOffsetAreForgottenAndTheRestKept() {
        marks.add(new ErasureMarks.Mark("events", 1, 10, "eve", 1_000));
        marks.add(new ErasureMarks.Mark("events", 1, 30, "eve", 3_000));
        marks.add(new ErasureMarks.Mark("events", 1, 20, "kim", 2_000));
        marks.add(new ErasureMarks.Mark("events", 2, 5, "ann", 2_000)); // another partition: kept

        assertThat(marks.forgetBefore("events", 1, 21)).isEqualTo(2);

        assertThat(marks.inPartition("events", 1)).containsOnly(org.assertj.core.api.Assertions.entry("eve", 30L));
        assertThat(marks.inPartition("events", 2)).containsOnly(org.assertj.core.api.Assertions.entry("ann", 5L));
        assertThat(marks.forgetBefore("events", 1, 21)).isZero();
    }
}
