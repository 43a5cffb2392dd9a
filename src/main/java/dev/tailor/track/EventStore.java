package dev.tailor.track;

import java.util.List;

/**
 * Where the event log keeps its events and the rejected ones: the source of truth from which
 * profiles are derived. {@link EventLog} decides when to write (group commit on its writer
 * thread); this says how. Every write is durable (on disk before it returns; with
 * {@code TAILOR_DURABILITY=process}, in the operating system: it survives a kill of Tailor) and atomic. An
 * event is identified by ({@code user_id}, {@code event_id}): the same id from two visitors is
 * two events, the same id again from one visitor is a duplicate and is not stored.
 */
public interface EventStore {

    /** One caller's append: the events to store and the rejected events to keep for inspection. */
    record Batch(List<TrackEvent> events, List<InvalidEvent> failures) {
        public Batch {
            events = List.copyOf(events);
            failures = List.copyOf(failures);
        }
    }

    /** A stored event and its place in the log (increasing, never reused). */
    record Sequenced(long seq, TrackEvent event) {
    }

    /**
     * Stores the batches in order in one durable transaction (all of them or none), every event
     * and rejection stamped {@code receivedAt}; an event already stored (also earlier in the same
     * call) is a duplicate. Answers what happened to each batch, in the order given.
     */
    List<EventLog.Appended> append(List<Batch> batches, long receivedAt);

    /** Up to {@code limit} events stored after {@code afterSeq}, in log order: a page of a replay. */
    List<Sequenced> eventsAfter(long afterSeq, int limit);

    /** The events of one visitor, oldest first. */
    List<TrackEvent> eventsOf(String userId);

    /** How many events are stored (a full count: the event log asks once, at start). */
    long count();

    /** How many rejected events are kept (a full count, like {@link #count}). */
    long failedCount();

    /** The rejected events kept for inspection, newest first. */
    List<InvalidEvent> failedEvents(int limit);

    /** Deletes every event of the visitor, durably; returns how many. */
    int erase(String userId);

    /** Deletes the rejected events that named the visitor, durably; returns how many. */
    int eraseFailed(String userId);

    /**
     * Retention: deletes the events and rejected events received before the cutoff in one durable
     * transaction, and says whose events went.
     */
    EventLog.Expired eraseReceivedBefore(long receivedBeforeMillis);

    /**
     * After an erasure: makes sure no copy of what was deleted stays in the store's files (for
     * SQLite, the write-ahead log is checkpointed and truncated). Nothing to do for stores that
     * keep no such copies.
     */
    default void purgeDeleted() {
    }
}
