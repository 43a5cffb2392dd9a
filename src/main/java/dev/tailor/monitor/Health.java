package dev.tailor.monitor;

import dev.tailor.profile.ProfileEngine;
import dev.tailor.track.EventLog;
import dev.tailor.variant.VariantCatalog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: the store answers and the original site is built; {@code degraded}
 * (HTTP 503) when the event log's writer has stopped, or the database does not answer, since no
 * event could be stored then.
 */
public final class Health {

    /** A health check's answer: whether Tailor can do its job, and the details shown. */
    public record Report(boolean healthy, Map<String, Object> details) {
    }

    private final EventLog eventLog;
    private final ProfileEngine profiles;
    private final VariantCatalog catalog;
    private final String originalArtifactId;
    private final String baseCommit;
    private final java.util.function.Supplier<String> database;

    public Health(EventLog eventLog, ProfileEngine profiles, VariantCatalog catalog, String originalArtifactId,
                  String baseCommit) {
        this(eventLog, profiles, catalog, originalArtifactId, baseCommit, () -> "ok");
    }

    /** @param database {@code ok} when the database answers, else why not */
    public Health(EventLog eventLog, ProfileEngine profiles, VariantCatalog catalog, String originalArtifactId,
                  String baseCommit, java.util.function.Supplier<String> database) {
        this.database = database;
        this.eventLog = eventLog;
        this.profiles = profiles;
        this.catalog = catalog;
        this.originalArtifactId = originalArtifactId;
        this.baseCommit = baseCommit;
    }

    public Report check() {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean writer = eventLog.writerAlive();
        String db = database.get();
        boolean healthy = writer && db.equals("ok");
        out.put("status", healthy ? "ok" : "degraded");
        out.put("event_writer", writer ? "running" : "stopped");
        out.put("database", db);
        out.put("events", eventLog.count());
        out.put("visitors", profiles.size());
        out.put("variants", catalog.all().size());
        out.put("original_artifact", originalArtifactId);
        out.put("base_commit", baseCommit);
        return new Report(healthy, out);
    }
}
