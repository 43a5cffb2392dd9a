package dev.tailor.stream;

import static dev.tailor.track.RunningTailor.delete;
import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.track.RunningTailor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure under Kafka, with an SQLite file per node (the hard case: a node taking a partition over
 * gets the visitor's events from the stream, not from a shared store). A visitor erased through the
 * node that does not own them is erased on the owner too (the mark travels in their partition);
 * when the owner stops, the other node reads the partition from its start and skips the erased
 * visitor's earlier events, while a visitor not erased keeps every event and an event sent after
 * the erasure counts as a fresh start.
 */
class KafkaErasureTest {

    private static final int PARTITIONS = 4;

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void anErasedVisitorIsErasedOnTheOwnerAndNotStoredAgainWhenThePartitionIsReadAgain() throws Exception {
        Map<String, String> env = Map.of("TAILOR_KAFKA_BOOTSTRAP", KafkaBroker.shared().bootstrap(),
                "TAILOR_KAFKA_TOPIC", "erasure-events", "TAILOR_KAFKA_GROUP", "erasure",
                "TAILOR_KAFKA_PARTITIONS", Integer.toString(PARTITIONS));
        TailorApp a = RunningTailor.start(dirA, env, Clock.systemUTC());
        try (TailorApp b = RunningTailor.start(dirB, env, Clock.systemUTC())) {
            KafkaEventStream streamA = (KafkaEventStream) a.components().stream();
            KafkaEventStream streamB = (KafkaEventStream) b.components().stream();
            await("both nodes own partitions", () -> !streamA.ownedPartitions().isEmpty()
                    && !streamB.ownedPartitions().isEmpty() && streamA.ownedPartitions().size() + streamB.ownedPartitions().size() == PARTITIONS);
            KafkaTopic topic = new KafkaTopic(KafkaSettings.fromEnvironment(a.components().config().environment())
                    .orElseThrow(), PARTITIONS);
            // an erased visitor and a kept one, both owned by A (so B takes the erasure, then the partitions)
            String erased = ownedBy(topic, streamA, "eve");
            String kept = ownedBy(topic, streamA, "kim");
            for (int i = 0; i < 3; i++) {
                track(b, erased, "e" + i);
                track(b, kept, "k" + i);
            }
            KafkaJourneyTest.awaitProfile(a, erased, 3);
            KafkaJourneyTest.awaitProfile(a, kept, 3);

            RunningTailor.Reply erasure = delete(b, "/api/users/" + erased);
            assertThat(erasure.status()).as(erasure.raw().body()).isEqualTo(200);
            await("the owner erased the visitor", () -> stored(a, erased) == 0 && status(a, erased) == 404);
            assertThat(stored(a, kept)).isEqualTo(3);

            a.close(); // B takes every partition and reads them from their start
            await("B owns every partition", () -> streamB.ownedPartitions().size() == PARTITIONS);
            KafkaJourneyTest.awaitProfile(b, kept, 3);
            assertThat(stored(b, kept)).isEqualTo(3);
            assertThat(stored(b, erased)).as("the erased visitor's earlier events, read again").isZero();
            assertThat(status(b, erased)).isEqualTo(404);

            track(b, erased, "after"); // a later visit after the erasure starts afresh
            KafkaJourneyTest.awaitProfile(b, erased, 1);
            assertThat(stored(b, erased)).isEqualTo(1);
        } finally {
            a.close();
        }
    }

    @Test
    void aMarkIsForgottenOnceRetentionHasDeletedTheEventsItSkips() throws Exception {
        Map<String, String> env = Map.of("TAILOR_KAFKA_BOOTSTRAP", KafkaBroker.shared().bootstrap(),
                "TAILOR_KAFKA_TOPIC", "expiring-marks", "TAILOR_KAFKA_GROUP", "expiring",
                "TAILOR_KAFKA_PARTITIONS", Integer.toString(PARTITIONS));
        TailorApp first = RunningTailor.start(dirA, env, Clock.systemUTC());
        KafkaTopic topic = new KafkaTopic(KafkaSettings.fromEnvironment(first.components().config().environment())
                .orElseThrow(), PARTITIONS);
        String erased = "eve";
        int partition = topic.partitionOf(erased);
        ErasureMarks marks;
        long markOffset;
        try {
            KafkaEventStream stream = (KafkaEventStream) first.components().stream();
            await("the node owns every partition", () -> stream.ownedPartitions().size() == PARTITIONS);
            track(first, erased, "e0");
            KafkaJourneyTest.awaitProfile(first, erased, 1);
            assertThat(delete(first, "/api/users/" + erased).status()).isEqualTo(200);
            marks = first.components().stores().erasureMarks();
            await("the mark is kept", () -> marks.inPartition("expiring-marks", partition).containsKey(erased));
            markOffset = marks.inPartition("expiring-marks", partition).get(erased);
        } finally {
            first.close();
        }
        // what retention does after its time: the records before the mark, and the mark, leave the topic
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrap()))) {
            admin.deleteRecords(Map.of(new TopicPartition("expiring-marks", partition),
                    RecordsToDelete.beforeOffset(markOffset + 1))).all().get();
        }

        try (TailorApp again = RunningTailor.start(dirA, env, Clock.systemUTC())) {
            ErasureMarks kept = again.components().stores().erasureMarks();
            KafkaEventStream stream = (KafkaEventStream) again.components().stream();
            await("the node owns every partition again", () -> stream.ownedPartitions().size() == PARTITIONS);
            await("the mark is forgotten", () -> kept.inPartition("expiring-marks", partition).isEmpty());
        }
    }

    /** The first of name-0, name-1, … whose partition the stream owns. */
    private static String ownedBy(KafkaTopic topic, KafkaEventStream stream, String name) {
        for (int i = 0; ; i++) {
            if (stream.ownedPartitions().contains(topic.partitionOf(name + "-" + i))) {
                return name + "-" + i;
            }
        }
    }

    private static void track(TailorApp node, String user, String eventId) throws Exception {
        RunningTailor.Reply reply = post(node, "/api/track", "{\"event_id\":\"" + eventId + "\",\"event\":\"page_view\","
                + "\"section\":\"hero\",\"time_spent\":5,\"user_id\":\"" + user + "\"}");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    }

    private static long stored(TailorApp node, String user) {
        return node.components().stores().events().eventsOf(user).size();
    }

    private static int status(TailorApp node, String user) {
        try {
            return get(node, "/api/profile/" + user).status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
