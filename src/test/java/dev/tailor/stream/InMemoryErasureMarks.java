package dev.tailor.stream;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Erasure marks in memory, for tests on in-memory stores; every method holds this object's lock. */
public final class InMemoryErasureMarks implements ErasureMarks {

    private final Set<Mark> marks = new HashSet<>();

    @Override
    public synchronized void add(Mark mark) {
        marks.add(mark);
    }

    @Override
    public synchronized Map<String, Long> inPartition(String topic, int partition) {
        Map<String, Long> out = new HashMap<>();
        for (Mark mark : marks) {
            if (mark.topic().equals(topic) && mark.partition() == partition) {
                out.merge(mark.userId(), mark.offset(), Math::max);
            }
        }
        return out;
    }

    @Override
    public synchronized int forgetBefore(String topic, int partition, long firstOffset) {
        int before = marks.size();
        marks.removeIf(m -> m.topic().equals(topic) && m.partition() == partition && m.offset() < firstOffset);
        return before - marks.size();
    }
}
