package dev.tailor.monitor;

import dev.tailor.profile.ProfileEngine;
import dev.tailor.stream.EventStream;
import dev.tailor.track.EventLog;
import dev.tailor.variant.VariantCatalog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: the store answers and the original site is built; {@code degraded}
 * (HTTP 503) when the event log's writer has stopped, the database does not answer, or the event
 * stream (Kafka) does not take or deliver events, since no event could be stored then.
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
    private final EventStream stream;
    private final java.util.function.Supplier<String> database;

    /**
     * @param stream   the event stream between ingest and profiles
     * @param database {@code ok} when the database answers, else why not
     */
    public Health(EventLog eventLog, ProfileEngine profiles, VariantCatalog catalog, String originalArtifactId,
                  String baseCommit, EventStream stream, java.util.function.Supplier<String> database) {
        this.stream = stream;
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
        boolean streaming = stream.healthy();
        String db = database.get();
        boolean healthy = writer && streaming && db.equals("ok");
        out.put("status", healthy ? "ok" : "degraded");
        out.put("event_writer", writer ? "running" : "stopped");
        out.put("event_stream", stream.health());
        out.put("database", db);
        out.put("events", eventLog.count());
        out.put("visitors", profiles.size());
        out.put("variants", catalog.all().size());
        out.put("original_artifact", originalArtifactId);
        out.put("base_commit", baseCommit);
        return new Report(healthy, out);
    }
}
