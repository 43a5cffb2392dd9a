package dev.tailor.security;

import static dev.tailor.track.RunningTailor.countOnDisk;
import static dev.tailor.track.RunningTailor.post;
import static dev.tailor.track.RunningTailor.textOnDisk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.track.EventParser;
import dev.tailor.track.RunningTailor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk-filling attack: one client wrote 541 MB in 10 s because unknown fields were stored
 * verbatim and nothing limited how fast it could send. Now the stored payload keeps only what
 * Tailor reads (and a few short extras), and clients and visitors are rate-limited with 429.
 */
class IngestLimitsTest {

    @TempDir
    Path dir;
    @AutoClose
    TailorApp app;

    @Test
    void unknownFieldsOfAnyLengthAreNotStored() throws Exception {
        app = RunningTailor.start(dir, Map.of(), Clock.systemUTC());
        String big = "x".repeat(900_000);
        RunningTailor.Reply reply = post(app, "/api/track", "{\"event\":\"error\",\"user_id\":\"filler\",\"message\":\"boom\","
                + "\"padding\":\"" + big + "\",\"nested\":{\"a\":[1,2,3]}}");

        assertThat(reply.status()).isEqualTo(200);
        String stored = textOnDisk(app, "select payload from events where user_id = 'filler'");
        assertThat(stored).isEqualTo("{\"event\":\"error\",\"user_id\":\"filler\",\"message\":\"boom\"}");

        // a rejected event is kept for inspection, but not all of it
        post(app, "/api/track", "{\"event\":\"wave\",\"user_id\":\"filler\",\"padding\":\"" + big + "\"}");
        assertThat(countOnDisk(app, "select length(payload) from failed_events where user_id = 'filler'"))
                .isLessThan(EventParser.MAX_REJECTED_PAYLOAD_CHARS + 100);
    }

    @Test
    void aVisitorOverTheirRateGets429WithRetryAfterAndOthersAreStillAccepted() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_RATE_LIMIT_VISITOR", "0.01", "TAILOR_RATE_LIMIT_VISITOR_BURST", "5"),
                Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            assertThat(post(app, "/api/track", "{\"event\":\"page_view\",\"user_id\":\"script\"}").status()).isEqualTo(200);
        }
        RunningTailor.Reply refused = post(app, "/api/track", "{\"event\":\"page_view\",\"user_id\":\"script\"}");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("field").asText()).isEqualTo("user_id");
        assertThat(refused.json().get("error").asText()).contains("visitor 'script'").contains("retry after");
        assertThat(Long.parseLong(refused.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(countOnDisk(app, "select count(*) from events where user_id = 'script'")).isEqualTo(5);
        assertThat(post(app, "/api/track", "{\"event\":\"page_view\",\"user_id\":\"someone-else\"}").status()).isEqualTo(200);
    }

    @Test
    void aClientOverItsRateGets429ForEveryVisitorItClaims() throws Exception {
        app = RunningTailor.start(dir, Map.of("TAILOR_RATE_LIMIT_CLIENT", "0.01", "TAILOR_RATE_LIMIT_CLIENT_BURST", "10"),
                Clock.systemUTC());
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 10; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"event\":\"page_view\",\"user_id\":\"v-").append(i).append("\"}");
        }
        assertThat(post(app, "/api/track", batch.append("]}").toString()).status()).isEqualTo(200);
        RunningTailor.Reply refused = post(app, "/api/track", "{\"event\":\"page_view\",\"user_id\":\"v-new\"}");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("field").asText()).isEqualTo("client");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(countOnDisk(app, "select count(*) from events where user_id = 'v-new'")).isZero();
    }
}
