package dev.tailor.privacy;

import dev.tailor.experiment.Experiments;
import dev.tailor.optimize.Optimizer;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.ProfileWriteBehind;
import dev.tailor.stream.EventStream;
import dev.tailor.track.EventLog;
import dev.tailor.variant.VariantCatalog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DELETE /api/users/{user_id}}: erases everything Tailor holds about a visitor — events,
 * rejected events that named them, profile (memory and table), routing, exposures, jobs and
 * trigger decisions — and answers what was deleted. With Kafka an erasure mark goes into the
 * visitor's partition first: the node that owns it erases there as well, and no node stores the
 * visitor's earlier events again from the stream.
 */
public final class VisitorErasure {

    private final EventStream stream;
    private final EventLog eventLog;
    private final ProfileEngine profiles;
    private final ProfileWriteBehind profileWriteBehind;
    private final VariantCatalog catalog;
    private final Experiments experiments;
    private final Optimizer optimizer;

    public VisitorErasure(EventStream stream, EventLog eventLog, ProfileEngine profiles, ProfileWriteBehind profileWriteBehind,
                          VariantCatalog catalog, Experiments experiments, Optimizer optimizer) {
        this.stream = stream;
        this.eventLog = eventLog;
        this.profiles = profiles;
        this.profileWriteBehind = profileWriteBehind;
        this.catalog = catalog;
        this.experiments = experiments;
        this.optimizer = optimizer;
    }

    /**
     * Events and profile go on the event log's writer thread, so an event of theirs arriving at
     * the same moment is either erased too or stored after the erasure, never half-applied.
     */
    public Map<String, Object> erase(String userId) {
        stream.markErased(userId); // first: an unreachable stream erases nothing (503), rather than half of it
        return eraseHere(userId);
    }

    /** The erasure on this node only: what {@link #erase} does after the mark, and what a node reading the mark does. */
    public Map<String, Object> eraseHere(String userId) {
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("user_id", userId);
        deleted.putAll(eventLog.<Map<String, Object>>exclusive(() -> {
            Map<String, Object> tracked = new LinkedHashMap<>();
            tracked.put("events", eventLog.erase(userId));
            tracked.put("failed_events", eventLog.eraseFailed(userId));
            boolean inMemory = profiles.forget(userId);
            boolean stored = profileWriteBehind.delete(userId);
            tracked.put("profile", inMemory || stored);
            return tracked;
        }).join());
        deleted.put("routing", catalog.unassign(userId));
        deleted.put("exposures", experiments.erase(userId));
        deleted.putAll(optimizer.erase(userId));
        eventLog.purgeDeleted(); // last: every table's deleted rows leave the write-ahead log too
        return deleted;
    }
}
