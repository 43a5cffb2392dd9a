package dev.tailor.stream;

import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.TailorApp;
import dev.tailor.track.RunningTailor;
import dev.tailor.visitor.VisitorCookies;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code TAILOR_KAFKA_BOOTSTRAP} set, the journey goes through a real broker: events posted
 * over HTTP are produced to the topic, consumed by this node's share of the consumer group, and
 * reach the profile, the trigger and the edge as they do without Kafka.
 */
class KafkaJourneyTest {

    @TempDir
    Path dir;

    @Test
    void alyssasEventsGoThroughKafkaToHerProfileAndHerVariant() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        Map<String, String> env = Map.of("TAILOR_KAFKA_BOOTSTRAP", broker.bootstrap(),
                "TAILOR_KAFKA_TOPIC", "journey-events", "TAILOR_KAFKA_GROUP", "journey",
                "TAILOR_KAFKA_PARTITIONS", "3", "TAILOR_OPTIMIZATIONS_PER_HOUR", "100");
        try (TailorApp app = RunningTailor.start(dir, env, Clock.systemUTC())) {
            assertThat(app.components().stream()).isInstanceOf(KafkaEventStream.class);
            RunningTailor.Reply tracked = post(app, "/api/track", "{\"events\":["
                    + "{\"event_id\":\"a1\",\"session_id\":\"s1\",\"event\":\"page_view\",\"section\":\"analytics_dashboard\",\"time_spent\":180,\"user_id\":\"alyssa\"},"
                    + "{\"event_id\":\"a2\",\"session_id\":\"s2\",\"event\":\"section_dwell\",\"section\":\"quick_metrics\",\"time_spent\":32,\"user_id\":\"alyssa\"},"
                    + "{\"event_id\":\"a3\",\"session_id\":\"s3\",\"event\":\"page_view\",\"section\":\"hero\",\"time_spent\":14,\"user_id\":\"alyssa\"}]}");
            assertThat(tracked.status()).as(tracked.raw().body()).isEqualTo(200);
            assertThat(tracked.json().path("accepted").asInt()).isEqualTo(3);

            // the profile is computed by the consumer, after the broker acknowledged the events
            JsonNode profile = awaitProfile(app, "alyssa", 3);
            assertThat(profile.path("persona").asText()).isEqualTo("data_focused");
            assertThat(app.components().stores().events().count()).isEqualTo(3);

            JsonNode job = get(app, "/api/optimize?user_id=alyssa").json();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!job.path("stage").asText().equals("live") && !job.path("stage").asText().equals("failed")
                    && System.nanoTime() < deadline) {
                Thread.sleep(25);
                job = get(app, "/api/optimize?user_id=alyssa").json();
            }
            assertThat(job.path("stage").asText()).as(job.toString()).isEqualTo("live");
            assertThat(job.path("variant").asText()).isEqualTo("analytics_prominent");
            var page = get(app, "/", "Cookie", VisitorCookies.NAME + "=" + app.components().cookies().sign("alyssa"));
            assertThat(page.raw().headers().firstValue("X-Tailor-Variant")).contains("analytics_prominent");

            // a resent event is acknowledged again but applied once (the store's key deduplicates it)
            assertThat(post(app, "/api/track", "{\"event_id\":\"a3\",\"event\":\"page_view\",\"section\":\"hero\","
                    + "\"time_spent\":14,\"user_id\":\"alyssa\"}").status()).isEqualTo(200);
            post(app, "/api/track", "{\"event_id\":\"a4\",\"event\":\"click\",\"section\":\"hero\",\"user_id\":\"alyssa\"}");
            awaitProfile(app, "alyssa", 4);
            assertThat(app.components().stores().events().count()).isEqualTo(4);
        }
    }

    /** Waits until the profile rests on {@code events} events (and fails if it goes past them). */
    static JsonNode awaitProfile(TailorApp app, String user, int events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode profile = null;
        while (System.nanoTime() < deadline) {
            RunningTailor.Reply reply = get(app, "/api/profile/" + user);
            if (reply.status() == 200) {
                profile = reply.json();
                if (profile.path("events").asInt() >= events) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        assertThat(profile).as("profile of " + user).isNotNull();
        assertThat(profile.path("events").asInt()).as(profile.toString()).isEqualTo(events);
        return profile;
    }
}
