package dev.tailor.stream;

import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.TailorApp;
import dev.tailor.track.RunningTailor;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When Kafka is not there, Tailor says so: start-up fails naming {@code TAILOR_KAFKA_BOOTSTRAP},
 * and once running, ingest answers 503 with the JSON error shape when the broker stops
 * acknowledging — never a 200 for events that are not durable — and carries on by itself once the broker is back.
 */
class KafkaUnavailableTest {

    @TempDir
    Path dir;

    @Test
    void startFailsNamingTheVariableWhenNoBrokerAnswers() throws Exception {
        int nothingListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothingListens = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + nothingListens;
        assertThatThrownBy(() -> RunningTailor.start(dir, Map.of("TAILOR_KAFKA_BOOTSTRAP", bootstrap,
                "TAILOR_KAFKA_TIMEOUT", "2s"), Clock.systemUTC()))
                .hasMessageContaining("TAILOR_KAFKA_BOOTSTRAP=" + bootstrap)
                .hasMessageContaining("no Kafka broker answered within 2 s")
                .hasMessageContaining("unset TAILOR_KAFKA_BOOTSTRAP");
    }

    @Test
    void aBootstrapThatIsNotHostAndPortIsRejectedByName() {
        assertThatThrownBy(() -> RunningTailor.start(dir, Map.of("TAILOR_KAFKA_BOOTSTRAP", "kafka.internal"),
                Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TAILOR_KAFKA_BOOTSTRAP=kafka.internal is not valid")
                .hasMessageContaining("host:port");
    }

    @Test
    void ingestAnswers503WhenTheBrokerStopsAcknowledging() throws Exception {
        KafkaBroker broker = KafkaBroker.startNew();
        try (TailorApp app = RunningTailor.start(dir, Map.of("TAILOR_KAFKA_BOOTSTRAP", broker.bootstrap(),
                "TAILOR_KAFKA_TOPIC", "unavailable-events", "TAILOR_KAFKA_PARTITIONS", "1",
                "TAILOR_KAFKA_TIMEOUT", "3s"), Clock.systemUTC())) {
            RunningTailor.Reply ok = post(app, "/api/track",
                    "{\"event_id\":\"e1\",\"event\":\"page_view\",\"section\":\"hero\",\"user_id\":\"ann\"}");
            assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
            assertThat(ok.json().path("accepted").asInt()).isEqualTo(1);

            broker.kill(); // SIGKILL: the broker stops accepting

            RunningTailor.Reply refused = post(app, "/api/track",
                    "{\"event_id\":\"e2\",\"event\":\"page_view\",\"section\":\"hero\",\"user_id\":\"ann\"}");
            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
            assertThat(refused.json().path("field").asText()).isEqualTo("events");
            assertThat(refused.json().path("error").asText())
                    .contains("TAILOR_KAFKA_BOOTSTRAP=" + broker.bootstrap())
                    .contains("none is acknowledged: send them again");
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
            RunningTailor.Reply health = get(app, "/healthz");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("event_stream").path("status").asText()).isEqualTo("broker not acknowledging");
            assertThat(get(app, "/").status()).as("pages are still served").isEqualTo(200);

            // the broker is back: ingest and the consumer carry on by themselves
            broker.restart();
            RunningTailor.Reply back = null;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                back = post(app, "/api/track",
                        "{\"event_id\":\"e3\",\"event\":\"page_view\",\"section\":\"hero\",\"user_id\":\"ann\"}");
                if (back.status() == 200) {
                    break;
                }
            }
            assertThat(back.status()).as(back.raw().body()).isEqualTo(200);
            // e2 was refused and not sent again: ann's profile rests on e1 and e3
            KafkaJourneyTest.awaitProfile(app, "ann", 2);
            assertThat(get(app, "/healthz").status()).isEqualTo(200);
        } finally {
            broker.close();
        }
    }
}
