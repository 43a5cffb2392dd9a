package dev.tailor.stream;

import dev.tailor.track.EventLog;
import dev.tailor.track.InvalidEvent;
import dev.tailor.track.TrackEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The port between ingest and profiles: what {@code POST /api/track} hands accepted events to.
 * The future completes once the events are durable (in the event log, or acknowledged by every
 * in-sync replica of the Kafka topic); only then is the client answered. Profiles and triggers
 * are computed from what the stream delivers, not by the ingesting request.
 *
 * <p>Two adapters: {@link InProcessEventStream} (the embedded default: straight into the
 * {@link EventLog}, group commit) and {@link KafkaEventStream} ({@code TAILOR_KAFKA_BOOTSTRAP}).
 */
public interface EventStream extends AutoCloseable {

    /**
     * Makes the accepted events durable and keeps the rejected ones for inspection. Fails with
     * {@link Unavailable} when the stream cannot take them now: nothing of it was acknowledged.
     */
    CompletableFuture<EventLog.Appended> publish(List<TrackEvent> accepted, List<InvalidEvent> rejected);

    /**
     * Before a visitor is erased here: tells the node that owns the visitor's events to erase them
     * too, and every node that reads them again to skip them. Fails with {@link Unavailable} when
     * the stream cannot take the mark now: erase again later.
     */
    void markErased(String userId);

    /** Calls the listener (on the stream's thread) with each visitor whose erasure mark this node reads. */
    void onErased(java.util.function.Consumer<String> listener);

    /** One line for logs and health: which stream, and where. */
    String describe();

    /** False while the stream cannot take events (the last publish was refused) or no longer delivers them. */
    boolean healthy();

    /** What {@code /healthz} shows of the stream. */
    java.util.Map<String, Object> health();

    @Override
    void close();

    /**
     * The stream refused or could not confirm the events: the client must send them again (the
     * same event ids make a resend harmless). {@code POST /api/track} answers 503.
     */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
