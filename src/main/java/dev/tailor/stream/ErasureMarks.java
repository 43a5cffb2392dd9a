package dev.tailor.stream;

import java.util.Map;

/**
 * Where the erasure marks of the events topic are kept: a visitor erased while their events were
 * still in the topic. A node that reads the partition again (a rebalance gave it the partition, or
 * it restarted) skips every event of theirs before the mark, so an erased visitor is not stored
 * again from the stream; their events after the mark (a later visit) count as usual.
 */
public interface ErasureMarks {

    /**
     * @param offset where the mark itself is in the partition: the visitor's events before it are erased
     */
    record Mark(String topic, int partition, long offset, String userId, long erasedAt) {
    }

    /** Keeps the mark durably; the same mark again (read back from the stream) changes nothing. */
    void add(Mark mark);

    /** Per erased visitor of the partition, the offset of their newest mark. */
    Map<String, Long> inPartition(String topic, int partition);

    /**
     * Forgets the partition's marks before {@code firstOffset}, the oldest offset the topic still
     * holds there: Kafka's retention deleted every record before it, so no event a mark would skip
     * can be read again. Returns how many were forgotten.
     */
    int forgetBefore(String topic, int partition, long firstOffset);
}
