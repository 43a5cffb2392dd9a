package dev.tailor.stream;

import static dev.tailor.track.RunningTailor.get;
import static dev.tailor.track.RunningTailor.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.TailorApp;
import dev.tailor.config.TailorConfig;
import dev.tailor.store.InMemoryStores;
import dev.tailor.store.Stores;
import dev.tailor.track.RunningTailor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Tailor nodes in one consumer group: a visitor's events are applied by exactly one node (the
 * owner of the visitor's partition), whichever node ingested them; when a node stops, the other
 * takes its partitions over and ends with every event of every visitor counted once — none lost,
 * none twice. Once with an SQLite file per node (the taking node gets the events from the
 * stream), once with one store shared by both nodes, as a database server would be (it rebuilds
 * the profiles from the store; the replayed stream holds only duplicates).
 */
class KafkaTwoNodesTest {

    private static final int VISITORS = 20;
    private static final int PARTITIONS = 4;

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void withAnSqliteFilePerNodeAStoppedNodesVisitorsMoveWithoutLossOrDoubleCounting() throws Exception {
        Map<String, String> env = env("per-node");
        twoNodes(RunningTailor.start(dirA, env, Clock.systemUTC()), () -> RunningTailor.start(dirB, env, Clock.systemUTC()),
                false);
    }

    @Test
    void withOneSharedStoreAStoppedNodesVisitorsMoveWithoutLossOrDoubleCounting() throws Exception {
        Map<String, String> env = env("shared-store");
        Stores shared = InMemoryStores.create();
        twoNodes(TailorApp.start(TailorConfig.from(RunningTailor.settings(dirA, env)), Clock.systemUTC(), shared),
                () -> TailorApp.start(TailorConfig.from(RunningTailor.settings(dirB, env)), Clock.systemUTC(), shared), true);
    }

    private static Map<String, String> env(String name) throws Exception {
        return Map.of("TAILOR_KAFKA_BOOTSTRAP", KafkaBroker.shared().bootstrap(),
                "TAILOR_KAFKA_TOPIC", name + "-events", "TAILOR_KAFKA_GROUP", name,
                "TAILOR_KAFKA_PARTITIONS", Integer.toString(PARTITIONS));
    }

    private interface Node {
        TailorApp start() throws Exception;
    }

    private static long stored(TailorApp node, String user) {
        return node.components().stores().events().eventsOf(user).size();
    }

    private void twoNodes(TailorApp a, Node startB, boolean sharedStore) throws Exception {
        try (TailorApp b = startB.start()) {
            try {
                KafkaEventStream streamA = (KafkaEventStream) a.components().stream();
                KafkaEventStream streamB = (KafkaEventStream) b.components().stream();
                await("both nodes own partitions, together all of them", () -> {
                    Set<Integer> all = new HashSet<>(streamA.ownedPartitions());
                    all.addAll(streamB.ownedPartitions());
                    return !streamA.ownedPartitions().isEmpty() && !streamB.ownedPartitions().isEmpty()
                            && all.size() == PARTITIONS && streamA.ownedPartitions().size() + streamB.ownedPartitions().size() == PARTITIONS;
                });

                // five rounds, ingested alternately by A and B: every visitor's events arrive at both nodes
                for (int round = 0; round < 5; round++) {
                    postRound(round % 2 == 0 ? a : b, round);
                }
                await("all 100 events stored, once", () -> sharedStore
                        ? a.components().stores().events().count() == VISITORS * 5
                        : a.components().eventLog().count() + b.components().eventLog().count() == VISITORS * 5);

                KafkaTopic topic = new KafkaTopic(KafkaSettings.fromEnvironment(a.components().config().environment()).orElseThrow(),
                        PARTITIONS);
                List<String> ownedByA = new ArrayList<>();
                for (int v = 0; v < VISITORS; v++) {
                    String user = visitor(v);
                    boolean aOwns = streamA.ownedPartitions().contains(topic.partitionOf(user));
                    TailorApp owner = aOwns ? a : b;
                    TailorApp other = aOwns ? b : a;
                    assertThat(KafkaJourneyTest.awaitProfile(owner, user, 5).path("events").asInt()).isEqualTo(5);
                    assertThat(stored(owner, user)).isEqualTo(5);
                    assertThat(get(other, "/api/profile/" + user).status()).as(user + " on the node that does not own it")
                            .isEqualTo(404);
                    if (!sharedStore) {
                        assertThat(stored(other, user)).isZero();
                    }
                    if (aOwns) {
                        ownedByA.add(user);
                    }
                }
                assertThat(ownedByA).as("A owns some visitors").isNotEmpty().hasSizeLessThan(VISITORS);

                // a sixth round ingested (acknowledged) by A, which then stops at once: perhaps before
                // applying it — B must get those events from the stream, and A's earlier ones too
                postRound(a, 5);
            } finally {
                a.close();
            }
            KafkaEventStream streamB = (KafkaEventStream) b.components().stream();
            await("B owns every partition", () -> streamB.ownedPartitions().size() == PARTITIONS);
            postRound(b, 6);
            postRound(b, 7);
            for (int v = 0; v < VISITORS; v++) {
                String user = visitor(v);
                assertThat(KafkaJourneyTest.awaitProfile(b, user, 8).path("events").asInt()).as(user).isEqualTo(8);
                assertThat(stored(b, user)).as(user).isEqualTo(8);
            }
            // a client resending an event B took over from A: acknowledged, not counted again
            assertThat(post(b, "/api/track", event(visitor(0), 0)).status()).isEqualTo(200);
            postRound(b, 8);
            for (int v = 0; v < VISITORS; v++) {
                assertThat(KafkaJourneyTest.awaitProfile(b, visitor(v), 9).path("events").asInt()).isEqualTo(9);
            }
            assertThat(b.components().stores().events().count()).isEqualTo(VISITORS * 9L);
            assertThat(streamB.feed().rebuiltProfiles()).as("profiles rebuilt on taking partitions over").isPositive();
        }
    }

    private static void postRound(TailorApp node, int round) throws Exception {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int v = 0; v < VISITORS; v++) {
            batch.append(v == 0 ? "" : ",").append(event(visitor(v), round));
        }
        RunningTailor.Reply reply = post(node, "/api/track", batch.append("]}").toString());
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().path("accepted").asInt()).isEqualTo(VISITORS);
    }

    private static String event(String user, int round) {
        return "{\"event_id\":\"" + user + "-" + round + "\",\"session_id\":\"s-" + user + "\",\"event\":\"page_view\","
                + "\"section\":\"hero\",\"time_spent\":" + (5 + round) + ",\"user_id\":\"" + user + "\"}";
    }

    private static String visitor(int v) {
        return String.format("visitor-%02d", v);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
