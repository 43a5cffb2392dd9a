package dev.tailor.monitor;

import dev.tailor.config.Durability;
import dev.tailor.optimize.OriginalSiteWatch;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.stream.EventStream;
import dev.tailor.track.EventLog;
import dev.tailor.variant.VariantCatalog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: the store answers and the original site is built; {@code degraded}
 * (HTTP 503) when the event log's writer has stopped, the database does not take a write (or is no
 * longer the file on disk), the data directory's disk is nearly full ({@link Storage}), or the event
 * stream (Kafka) does not take or deliver events, since no event could be stored then.
 */
public final class Health {

    /** A health check's answer: whether Tailor can do its job, and the details shown. */
    public record Report(boolean healthy, Map<String, Object> details) {
    }

    private final EventLog eventLog;
    private final ProfileEngine profiles;
    private final VariantCatalog catalog;
    private final OriginalSiteWatch original;
    private final EventStream stream;
    private final Storage storage;
    private final Durability durability;

    /**
     * @param original the original served now, and the newest commit of it refused
     * @param stream  the event stream between ingest and profiles
     * @param storage whether the disk has room and the database takes a write
     * @param durability when an acknowledged event is safe ({@code TAILOR_DURABILITY}), shown as {@code durability}
     */
    public Health(EventLog eventLog, ProfileEngine profiles, VariantCatalog catalog, OriginalSiteWatch original,
                  EventStream stream, Storage storage, Durability durability) {
        this.durability = durability;
        this.stream = stream;
        this.storage = storage;
        this.eventLog = eventLog;
        this.profiles = profiles;
        this.catalog = catalog;
        this.original = original;
    }

    public Report check() {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean writer = eventLog.writerAlive();
        boolean streaming = stream.healthy();
        Storage.Status stored = storage.status();
        boolean healthy = writer && streaming && stored.ok();
        out.put("status", healthy ? "ok" : "degraded");
        out.put("event_writer", writer ? "running" : "stopped");
        out.put("event_stream", stream.health());
        out.put("database", stored.database());
        out.put("durability", durability.wire());
        EventLog.Groups groups = eventLog.groups();
        out.put("group_commits", Map.of("commits", groups.commits(),
                "appends_per_commit", groups.commits() == 0 ? 0 : Math.round(10.0 * groups.appends() / groups.commits()) / 10.0,
                "events_per_commit", groups.commits() == 0 ? 0 : Math.round(10.0 * groups.events() / groups.commits()) / 10.0));
        out.put("disk", stored.disk());
        out.put("disk_free_mb", stored.freeBytes() < 0 ? null : stored.freeBytes() / (1024 * 1024));
        out.put("events", eventLog.count());
        out.put("visitors", profiles.size());
        out.put("variants", catalog.all().size());
        OriginalSiteWatch.Serving serving = original.serving(); // read once: commit and artifact of one swap
        out.put("original_artifact", serving.artifactId());
        out.put("base_commit", serving.commit());
        // still serving, so not degraded; but the owner's newest commit is not live, and this says why
        original.refusal().ifPresent(r -> out.put("original_refused",
                Map.of("commit", r.commit(), "reason", r.reason(), "at", r.at().toString())));
        return new Report(healthy, out);
    }
}
