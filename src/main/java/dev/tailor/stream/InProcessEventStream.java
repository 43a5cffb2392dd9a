package dev.tailor.stream;

import dev.tailor.track.EventLog;
import dev.tailor.track.InvalidEvent;
import dev.tailor.track.TrackEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded default: accepted events go straight into the event log (group commit on its
 * writer thread), which applies them to profiles once they are on disk. Exactly the path Tailor
 * had before the stream was a port; the log itself is closed by its owner, not here.
 */
public record InProcessEventStream(EventLog log) implements EventStream {

    @Override
    public CompletableFuture<EventLog.Appended> publish(List<TrackEvent> accepted, List<InvalidEvent> rejected) {
        return log.append(accepted, rejected);
    }

    /** Nothing to do: the events are only in this node's event log, which the erasure itself deletes from. */
    @Override
    public void markErased(String userId) {
    }

    @Override
    public void onErased(java.util.function.Consumer<String> listener) {
    }

    @Override
    public String describe() {
        return "in-process";
    }

    /** The event log's own health (its writer) is checked by {@code /healthz} itself. */
    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public java.util.Map<String, Object> health() {
        return java.util.Map.of("kind", "in-process");
    }

    @Override
    public void close() {
    }
}
