package dev.tailor.track;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event log in memory, for tests that need no SQLite: the same answers as the SQLite
 * adapter (per-visitor dedup, sequence numbers never reused, newest rejections first), nothing
 * survives the JVM. Thread-safe: every method holds this object's lock, so a call is atomic.
 */
public final class InMemoryEventStore implements EventStore {

    private record Row(long seq, TrackEvent event, long receivedAt) {
    }

    private record Rejected(long id, InvalidEvent event, long receivedAt) {
    }

    private record Key(String userId, String eventId) {
    }

    /** In log order. */
    private final List<Row> events = new ArrayList<>();
    private final Set<Key> keys = new HashSet<>();
    /** Oldest first. */
    private final List<Rejected> failed = new ArrayList<>();
    private long lastSeq;
    private long lastFailedId;
    private final List<StoredListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of each event as it is stored, with when: what another in-memory store reads from the log. */
    @FunctionalInterface
    public interface StoredListener {
        void stored(TrackEvent event, long receivedAt);
    }

    public void onStored(StoredListener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized List<EventLog.Appended> append(List<Batch> batches, long receivedAt) {
        List<EventLog.Appended> out = new ArrayList<>(batches.size());
        for (Batch batch : batches) {
            List<TrackEvent> stored = new ArrayList<>();
            List<String> duplicates = new ArrayList<>();
            for (TrackEvent e : batch.events()) {
                if (keys.add(new Key(e.userId(), e.eventId()))) {
                    events.add(new Row(++lastSeq, e, receivedAt));
                    stored.add(e);
                    listeners.forEach(l -> l.stored(e, receivedAt));
                } else {
                    duplicates.add(e.eventId());
                }
            }
            for (InvalidEvent f : batch.failures()) {
                // the position in its batch is not kept (the SQLite table has no column for it)
                failed.add(new Rejected(++lastFailedId, new InvalidEvent(0, f.field(), f.reason(), f.payload(), f.userId()),
                        receivedAt));
            }
            out.add(new EventLog.Appended(stored, duplicates, batch.failures().size()));
        }
        return out;
    }

    @Override
    public synchronized List<Sequenced> eventsAfter(long afterSeq, int limit) {
        List<Sequenced> out = new ArrayList<>();
        for (Row row : events) {
            if (out.size() == limit) {
                break;
            }
            if (row.seq() > afterSeq) {
                out.add(new Sequenced(row.seq(), row.event()));
            }
        }
        return out;
    }

    @Override
    public synchronized List<TrackEvent> eventsOf(String userId) {
        return events.stream().filter(r -> r.event().userId().equals(userId)).map(Row::event).toList();
    }

    @Override
    public synchronized long count() {
        return events.size();
    }

    @Override
    public synchronized long failedCount() {
        return failed.size();
    }

    @Override
    public synchronized List<InvalidEvent> failedEvents(int limit) {
        List<InvalidEvent> out = new ArrayList<>();
        for (int i = failed.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(failed.get(i).event());
        }
        return out;
    }

    @Override
    public synchronized int erase(String userId) {
        int before = events.size();
        events.removeIf(r -> r.event().userId().equals(userId));
        keys.removeIf(k -> k.userId().equals(userId));
        return before - events.size();
    }

    @Override
    public synchronized int eraseFailed(String userId) {
        int before = failed.size();
        failed.removeIf(r -> userId.equals(r.event().userId()));
        return before - failed.size();
    }

    @Override
    public synchronized EventLog.Expired eraseReceivedBefore(long receivedBeforeMillis) {
        Set<String> users = new TreeSet<>();
        int before = events.size();
        events.removeIf(r -> {
            if (r.receivedAt() < receivedBeforeMillis) {
                users.add(r.event().userId());
                keys.remove(new Key(r.event().userId(), r.event().eventId()));
                return true;
            }
            return false;
        });
        int failedBefore = failed.size();
        failed.removeIf(r -> r.receivedAt() < receivedBeforeMillis);
        return new EventLog.Expired(before - events.size(), failedBefore - failed.size(), users);
    }
}
