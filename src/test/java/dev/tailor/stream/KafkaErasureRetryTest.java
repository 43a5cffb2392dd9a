package dev.tailor.stream;

import static dev.tailor.track.RunningTailor.delete;
import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.store.postgres.LoopbackProxy;
import dev.tailor.store.postgres.PostgresDatabase;
import dev.tailor.store.postgres.TestPostgres;
import dev.tailor.track.RunningTailor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's erasure fails while PostgreSQL is unreachable: the Kafka feed does not stop. It
 * retries the erasure with backoff, {@code /healthz} says so meanwhile, and once the database is
 * back the visitor is erased and the feed carries on applying events.
 */
class KafkaErasureRetryTest {

    @TempDir
    Path dir;

    @Test
    void anErasureFailingWhileTheDatabaseIsDownIsRetriedAndTheFeedCarriesOn() throws Exception {
        PostgresDatabase.Location direct = TestPostgres.newDatabase();
        int serverPort = Integer.parseInt(direct.url().replaceAll(".*:(\\d+)/.*", "$1"));
        try (LoopbackProxy proxy = new LoopbackProxy(serverPort)) { // the database, through a cable the test can cut
            PostgresDatabase.Location db = new PostgresDatabase.Location(
                    direct.url().replace(":" + serverPort + "/", ":" + proxy.port() + "/"), direct.user(), direct.password());
            Map<String, String> env = Map.of("TAILOR_DATABASE_URL", db.url(), "TAILOR_DATABASE_USER", db.user(),
                    "TAILOR_DATABASE_PASSWORD", db.password(), "TAILOR_KAFKA_BOOTSTRAP", KafkaBroker.shared().bootstrap(),
                    "TAILOR_KAFKA_TOPIC", "erasure-retry-events", "TAILOR_KAFKA_GROUP", "erasure-retry",
                    "TAILOR_KAFKA_PARTITIONS", "2");
            try (TailorApp node = TailorApp.start(TailorConfig.from(RunningTailor.settings(dir, env)), Clock.systemUTC())) {
                KafkaEventStream stream = (KafkaEventStream) node.components().stream();
                await("the node owns both partitions", () -> stream.ownedPartitions().size() == 2);
                track(node, "eve", "e1");
                track(node, "kim", "k1");
                KafkaJourneyTest.awaitProfile(node, "eve", 1);
                KafkaJourneyTest.awaitProfile(node, "kim", 1);

                proxy.cut();
                // the mark reaches Kafka; keeping it and erasing need the database, which is gone
                assertThat(delete(node, "/api/users/eve").status()).isGreaterThanOrEqualTo(500);
                await("/healthz reports the failing erasure", () -> {
                    var health = getQuietly(node);
                    return health != null && health.status() == 503
                            && health.json().path("event_stream").path("status").asText().equals("erasure failing")
                            && health.json().path("event_stream").path("erasure").asText().startsWith("erasing a visitor failed");
                });
                assertThat(stream.feed().alive()).as("the feed waits, it does not stop").isTrue();

                proxy.restore();
                await("the visitor is erased once the database is back", () -> node.components().stores().events()
                        .eventsOf("eve").isEmpty() && stream.feed().erasureFailure().isEmpty());
                await("/healthz is ok again", () -> {
                    var health = getQuietly(node);
                    return health != null && health.status() == 200;
                });
                assertThat(get(node, "/api/profile/eve").status()).isEqualTo(404);
                track(node, "kim", "k2");
                assertThat(KafkaJourneyTest.awaitProfile(node, "kim", 2).path("events").asInt())
                        .as("the feed carried on").isEqualTo(2);
            }
        }
    }

    private static void track(TailorApp node, String user, String eventId) throws Exception {
        RunningTailor.Reply reply = post(node, "/api/track", "{\"event_id\":\"" + eventId + "\",\"session_id\":\"s-" + user
                + "\",\"event\":\"page_view\",\"section\":\"hero\",\"time_spent\":5,\"user_id\":\"" + user + "\"}");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    }

    private static RunningTailor.Reply getQuietly(TailorApp node) {
        try {
            return get(node, "/healthz");
        } catch (Exception e) {
            return null;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for: " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
