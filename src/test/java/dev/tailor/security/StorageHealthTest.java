package dev.tailor.security;

import static dev.tailor.track.RunningTailor.countOnDisk;
import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.track.RunningTailor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage failures that went unreported (issue 13): a deleted database kept acknowledging events
 * that were then lost, and a full disk left {@code /healthz} ok. Now health says what is wrong and
 * ingest refuses (503, nothing acknowledged) until it is fixed.
 */
class StorageHealthTest {

    private static final String EVENT = "{\"event\":\"page_view\",\"section\":\"hero\",\"user_id\":\"ann\"}";

    @TempDir
    Path dir;
    @AutoClose
    TailorApp app;

    @Test
    void aDeletedDatabaseIsReportedAndIngestRefusesInsteadOfLosingEvents() throws Exception {
        app = RunningTailor.start(dir, Map.of(), Clock.systemUTC());
        RunningTailor.Reply healthy = get(app, "/healthz");
        assertThat(healthy.status()).isEqualTo(200);
        assertThat(healthy.json().get("database").asText()).isEqualTo("ok");
        assertThat(healthy.json().get("disk").asText()).isEqualTo("ok");
        assertThat(post(app, "/api/track", EVENT).status()).isEqualTo(200);

        Files.delete(app.components().config().databaseFile()); // SQLite writes on into the deleted file

        RunningTailor.Reply degraded = awaitDegraded();
        assertThat(degraded.json().get("status").asText()).isEqualTo("degraded");
        assertThat(degraded.json().get("database").asText()).contains("tailor.db", "was deleted while Tailor had it open");
        RunningTailor.Reply refused = post(app, "/api/track", EVENT.replace("ann", "bob"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.json().get("field").asText()).isEqualTo("storage");
        assertThat(refused.json().get("error").asText()).contains("acknowledged", "was deleted while Tailor had it open");
    }

    @Test
    void aDiskBelowTheMinimumFreeSpaceIsReportedAndIngestRefuses() throws Exception {
        long freeMb = Files.getFileStore(dir).getUsableSpace() / (1024 * 1024);
        // a real condition: the minimum is set above what this disk has free
        app = RunningTailor.start(dir, Map.of("TAILOR_MIN_FREE_DISK_MB", String.valueOf(freeMb + 1_000_000)), Clock.systemUTC());

        RunningTailor.Reply health = get(app, "/healthz");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("disk").asText()).contains("MB free, below TAILOR_MIN_FREE_DISK_MB=" + (freeMb + 1_000_000));
        assertThat(health.json().get("database").asText()).isEqualTo("ok");

        RunningTailor.Reply refused = post(app, "/api/track", EVENT);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("field").asText()).isEqualTo("storage");
        assertThat(refused.json().get("error").asText()).contains("below TAILOR_MIN_FREE_DISK_MB");
        assertThat(countOnDisk(app, "select count(*) from events")).isZero();
    }

    /** The storage check is redone at most once a second: polls until it has seen the deletion. */
    private RunningTailor.Reply awaitDegraded() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RunningTailor.Reply health = get(app, "/healthz");
        while (health.status() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            health = get(app, "/healthz");
        }
        assertThat(health.status()).isEqualTo(503);
        return health;
    }
}
