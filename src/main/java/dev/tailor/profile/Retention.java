package dev.tailor.profile;

import dev.tailor.schedule.Periodic;
import dev.tailor.track.EventLog;
import dev.tailor.track.TrackEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the retention period ({@code TAILOR_RETENTION}, default 90 days): events and
 * rejected events received longer ago than that are deleted, and the profiles of the visitors
 * they belonged to are rebuilt from the events that remain (or removed when none remain).
 * Runs at start-up and then every hour. The pass runs on the event log's writer thread
 * ({@link EventLog#exclusive}), so events arriving meanwhile are stored and applied after it,
 * never lost and never applied twice.
 */
public final class Retention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** What one pass did. */
    public record Report(long cutoffMillis, int events, int failedEvents, int profilesRebuilt, int profilesRemoved) {
    }

    private final EventLog eventLog;
    private final ProfileEngine engine;
    private final ProfileWriteBehind store;
    private final Duration period;
    private final Clock clock;
    private Periodic timer;

    public Retention(EventLog eventLog, ProfileEngine engine, ProfileWriteBehind store, Duration period, Clock clock) {
        this.eventLog = eventLog;
        this.engine = engine;
        this.store = store;
        this.period = period;
        this.clock = clock;
    }

    /** Deletes what is older than the retention period and rebuilds the affected profiles. */
    public Report enforce() {
        long cutoff = clock.millis() - period.toMillis();
        Report report = eventLog.<Report>exclusive(() -> {
            EventLog.Expired expired = eventLog.eraseReceivedBefore(cutoff);
            int rebuilt = 0;
            int removed = 0;
            for (String user : expired.users()) {
                engine.forget(user);
                List<TrackEvent> left = eventLog.eventsOf(user);
                left.forEach(engine::apply);
                if (left.isEmpty()) {
                    removed++;
                } else {
                    rebuilt++;
                }
            }
            return new Report(cutoff, expired.events(), expired.failedEvents(), rebuilt, removed);
        }).join();
        store.flush();
        if (report.events() > 0 || report.failedEvents() > 0) {
            log.info("retention {}: deleted {} events and {} rejected events; rebuilt {} profiles, removed {}",
                    period, report.events(), report.failedEvents(), report.profilesRebuilt(), report.profilesRemoved());
        }
        return report;
    }

    /** Runs {@link #enforce} every {@code interval} from now on. */
    public synchronized Retention every(Duration interval) {
        if (timer == null) {
            timer = Periodic.every(interval, "tailor-retention", this::enforce);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.close();
            timer = null;
        }
    }
}
