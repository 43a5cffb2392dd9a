package dev.tailor.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.track.EventLog;
import dev.tailor.track.InvalidEvent;
import dev.tailor.track.TrackEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scale-out stream: ingest produces each accepted event to the topic, keyed by visitor id,
 * the records of one request together, and answers once every in-sync replica has all of them
 * ({@code acks=all}, idempotent producer), so an acknowledged event is durable in Kafka. Profiles and triggers are not touched by ingest: every
 * node consumes the partitions the consumer group assigns it ({@link KafkaProfileFeed}), so a
 * visitor's profile is updated by exactly one node.
 *
 * <p>Rejected events are kept for inspection in this node's own event log, as without Kafka.
 * A resent event is deduplicated where it is applied (the store's ({@code user_id}, {@code event_id})
 * key), so the ingest answer reports no duplicates: it cannot know them without the store.
 */
public final class KafkaEventStream implements EventStream {

    private final KafkaTopic topic;
    private final EventLog log;
    private final ObjectMapper json;
    private final Producer<String, byte[]> producer;
    private final KafkaProfileFeed feed;
    private final ErasureMarks marks;
    private final Clock clock;
    /**
     * Answers callers once the broker acknowledged. The producer completes its callbacks on its one
     * network thread; answering there (serializing and writing each HTTP response) would hold up
     * every later send, so the answers run here, as the event log's do on its acknowledger.
     */
    private final ExecutorService acknowledger = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "tailor-kafka-ack");
                t.setDaemon(true);
                return t;
            });
    /** Whether the last publish failed: Kafka does not take events now (cleared by the next success). */
    private volatile boolean refusing;

    private KafkaEventStream(KafkaTopic topic, EventLog log, ObjectMapper json, Producer<String, byte[]> producer,
                             KafkaProfileFeed feed, ErasureMarks marks, Clock clock) {
        this.marks = marks;
        this.clock = clock;
        this.topic = topic;
        this.log = log;
        this.json = json;
        this.producer = producer;
        this.feed = feed;
    }

    /**
     * Starts producing and consuming: the feed joins the consumer group and applies what its
     * partitions deliver to the event log (and so to profiles and the optimizer).
     */
    public static KafkaEventStream start(KafkaTopic topic, EventLog log, ProfileEngine profiles, ErasureMarks marks,
                                         ObjectMapper json, Duration retention, Clock clock) {
        Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig(topic.settings()));
        KafkaProfileFeed feed;
        try {
            feed = KafkaProfileFeed.start(topic, log, profiles, marks, json, retention, clock);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return new KafkaEventStream(topic, log, json, producer, feed, marks, clock);
    }

    static Properties producerConfig(KafkaSettings settings) {
        int timeoutMs = (int) settings.timeout().toMillis();
        int lingerMs = 1; // concurrent requests share a produce request, like the event log's group commit
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tailor-ingest");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        // the longest an ingest request waits for the broker, metadata included, before answering 503
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + lingerMs);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    @Override
    public CompletableFuture<EventLog.Appended> publish(List<TrackEvent> accepted, List<InvalidEvent> rejected) {
        CompletableFuture<Void> acked = sendTogether(accepted);
        CompletableFuture<EventLog.Appended> keptRejected = rejected.isEmpty()
                ? CompletableFuture.completedFuture(new EventLog.Appended(List.of(), List.of(), 0))
                : log.append(List.of(), rejected);
        return CompletableFuture.allOf(acked, keptRejected).handleAsync((ok, failure) -> {
            refusing = failure != null;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                throw new Unavailable("Kafka (TAILOR_KAFKA_BOOTSTRAP=" + topic.settings().bootstrap() + ") did not"
                        + " acknowledge the events within " + topic.settings().timeout().toSeconds() + " s (" + cause
                        + "); none is acknowledged: send them again", cause);
            }
            return new EventLog.Appended(List.copyOf(accepted), List.of(), keptRejected.join().failedRecorded());
        }, acknowledger);
    }

    /**
     * Hands every record of the batch to the producer before awaiting any (they leave in the same
     * produce requests, one per partition), and completes once the broker acknowledged all of them,
     * or fails at the first refusal: one counter for the batch instead of a future per record.
     */
    private CompletableFuture<Void> sendTogether(List<TrackEvent> accepted) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        if (accepted.isEmpty()) {
            all.complete(null);
            return all;
        }
        AtomicInteger pending = new AtomicInteger(accepted.size());
        Callback countDown = (meta, e) -> {
            if (e != null) {
                all.completeExceptionally(e);
            } else if (pending.decrementAndGet() == 0) {
                all.complete(null);
            }
        };
        for (TrackEvent event : accepted) {
            try {
                producer.send(new ProducerRecord<>(topic.settings().topic(), event.userId(), encode(event)), countDown);
            } catch (RuntimeException e) {
                all.completeExceptionally(e); // no metadata within the timeout, or the producer is closed
                break;
            }
        }
        return all;
    }

    /**
     * Produces the mark into the visitor's partition (same key, so it follows all their events
     * acknowledged so far) and keeps it with its offset once the broker acknowledged it: a node that
     * reads the partition again skips their events before it, the owner erases when it reads it.
     */
    @Override
    public void markErased(String userId) {
        ProducerRecord<String, byte[]> mark = new ProducerRecord<>(topic.settings().topic(), userId,
                userId.getBytes(StandardCharsets.UTF_8));
        mark.headers().add(KafkaProfileFeed.ERASURE_HEADER, new byte[] {1});
        RecordMetadata meta;
        try {
            meta = producer.send(mark).get(topic.settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw erasureRefused(e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw erasureRefused(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw erasureRefused(e);
        }
        marks.add(new ErasureMarks.Mark(meta.topic(), meta.partition(), meta.offset(), userId, clock.millis()));
    }

    private Unavailable erasureRefused(Throwable cause) {
        return new Unavailable("Kafka (TAILOR_KAFKA_BOOTSTRAP=" + topic.settings().bootstrap() + ") did not acknowledge"
                + " the erasure mark within " + topic.settings().timeout().toSeconds() + " s (" + cause + "); nothing was"
                + " erased: ask again once the broker is back", cause);
    }

    @Override
    public void onErased(java.util.function.Consumer<String> listener) {
        feed.onErased(listener);
    }

    private byte[] encode(TrackEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TrackEvent decode(ObjectMapper json, byte[] value) throws IOException {
        return json.readValue(value, TrackEvent.class);
    }

    /** The partitions this node's feed owns now (empty while the group rebalances). */
    public List<Integer> ownedPartitions() {
        return feed.ownedPartitions();
    }

    /** The feed: what this node applied from the stream. */
    public KafkaProfileFeed feed() {
        return feed;
    }

    @Override
    public boolean healthy() {
        return !refusing && feed.alive() && feed.erasureFailure().isEmpty();
    }

    @Override
    public java.util.Map<String, Object> health() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("kind", "kafka");
        out.put("status", healthy() ? "ok" : refusing ? "broker not acknowledging" : !feed.alive() ? "consumer stopped"
                : "erasure failing");
        feed.erasureFailure().ifPresent(why -> out.put("erasure", why));
        out.put("topic", topic.settings().topic());
        out.put("group", topic.settings().group());
        out.put("owned_partitions", feed.ownedPartitions());
        return out;
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic.settings().topic() + " at " + topic.settings().bootstrap() + " (group "
                + topic.settings().group() + ", " + topic.partitions() + " partitions)";
    }

    /** Stops taking events, then leaves the group (its partitions go to the other nodes at once). */
    @Override
    public void close() {
        try {
            producer.close(topic.settings().timeout());
        } finally {
            feed.close();
            acknowledger.shutdown();
        }
    }
}
