package dev.tailor.track;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable event log: the source of truth from which profiles are derived.
 *
 * <p>Appends use group commit: one writer thread takes every append waiting in the queue and
 * stores them in one transaction of the {@link EventStore} (one fsync), then completes each
 * caller's future. A caller is
 * answered only after its events are on disk, and many concurrent callers share the cost of
 * one disk flush. Events are idempotent by ({@code user_id}, {@code event_id}): a resent event is
 * stored once, and two visitors may use the same event id.
 *
 * <p>The writer thread survives anything a job throws: a failed append fails only its own
 * callers, and a failure of {@code onStored} (derived state) is logged, never propagated.
 * {@link #writerAlive} says whether it is still running ({@code /healthz}).
 */
public final class EventLog implements AutoCloseable {

    /** What happened to one append: the events newly stored, the ids already in the log, the rejections kept. */
    public record Appended(List<TrackEvent> stored, List<String> duplicateIds, int failedRecorded) {
        public int duplicates() {
            return duplicateIds.size();
        }
    }

    /** What a retention pass deleted, and whose events those were. */
    public record Expired(int events, int failedEvents, Set<String> users) {
    }

    /** Something for the writer thread: a group-committed append or an exclusive task. */
    private sealed interface Job permits Pending, Exclusive {
    }

    private record Pending(List<TrackEvent> events, List<InvalidEvent> failures, CompletableFuture<Appended> done)
            implements Job {
    }

    private record Exclusive(Supplier<?> task, CompletableFuture<Object> done) implements Job {
    }

    private static final int MAX_GROUP = 256;
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final EventStore store;
    private final Clock clock;
    private final Consumer<List<TrackEvent>> onStored;
    /**
     * Groups waiting for the writer, at most {@value #MAX_WAITING}: beyond that the disk is not keeping up,
     * and a new append fails at once (ingest answers 503) instead of holding its events in memory. It is
     * one group per visitor of the 10,000 the spec's load test keeps posting at once (a tracker has one post
     * in flight): at 2,000, a writer a few seconds behind on a busy machine refused 5,600–7,200 of their posts
     * (bench/RESULTS.md); at 10,000 none was refused, and with up to ~9,000 requests waiting the heap stayed
     * at 261 MB of a 512 MB bound.
     */
    static final int MAX_WAITING = 10_000;

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(MAX_WAITING);
    private final Thread writer;
    /**
     * Answers callers once their group is durable. Completing a future runs the caller's
     * continuation (serializing and writing the HTTP response), so doing it on the writer thread
     * would make the next group commit wait for every response of this one.
     */
    private final ExecutorService acknowledger = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "tailor-event-log-ack");
                t.setDaemon(true);
                return t;
            });
    private volatile boolean running = true;
    private volatile boolean writerStopped;
    /** Events in the store: counted once at start, then kept by every insert and delete here. */
    private final AtomicLong eventCount = new AtomicLong();
    /** Rejected events in the store, kept the same way. */
    private final AtomicLong failedCount = new AtomicLong();
    private final AtomicLong onStoredFailures = new AtomicLong();
    /** Group commits made, and the appends and events they held: how much each commit is shared. */
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong groupedAppends = new AtomicLong();
    private final AtomicLong groupedEvents = new AtomicLong();

    /**
     * @param onStored called on the writer thread with newly stored events, in log order, after they
     *                 are durable and their callers answered; must be fast; what it throws is logged
     */
    public EventLog(EventStore store, Clock clock, Consumer<List<TrackEvent>> onStored) {
        this.store = store;
        this.clock = clock;
        this.onStored = onStored;
        this.eventCount.set(store.count());
        this.failedCount.set(store.failedCount());
        this.writer = new Thread(this::writeLoop, "tailor-event-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Stores the events (and the rejected ones, for inspection); completes when both are durable. */
    public CompletableFuture<Appended> append(List<TrackEvent> events, List<InvalidEvent> failures) {
        CompletableFuture<Appended> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the event log is closed"));
            return done;
        }
        enqueue(new Pending(List.copyOf(events), List.copyOf(failures), done), done);
        return done;
    }

    /**
     * Runs the task on the writer thread, between two group commits: no event is stored (and no
     * profile updated by {@code onStored}) while it runs. Erasure and retention use this so that
     * an event arriving meanwhile can neither be lost nor be applied twice.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> exclusive(Supplier<T> task) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the event log is closed"));
        } else {
            enqueue(new Exclusive(task, done), done);
        }
        return (CompletableFuture<T>) (CompletableFuture<?>) done;
    }

    private void enqueue(Job job, CompletableFuture<?> done) {
        if (!queue.offer(job)) {
            done.completeExceptionally(new IllegalStateException(MAX_WAITING + " groups of events are already waiting"
                    + " to be written: the disk is not keeping up"));
            return;
        }
        if (writerStopped && queue.remove(job)) {
            done.completeExceptionally(new IllegalStateException("the event log writer has stopped"));
        }
    }

    /**
     * The writer: takes what is waiting, stores appends in groups and runs exclusive tasks between
     * them. Nothing a job does can stop it: a failure is logged and fails that job's future (or,
     * for {@code onStored}, is only logged), and the loop goes on with the next one.
     */
    private void writeLoop() {
        List<Job> drained = new ArrayList<>();
        List<Pending> group = new ArrayList<>();
        try {
            while (running || !queue.isEmpty()) {
                Job first;
                try {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (first == null) {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, MAX_GROUP - 1);
                try {
                    // appends between two exclusive tasks share one transaction; order is kept
                    for (Job job : drained) {
                        if (job instanceof Pending p) {
                            group.add(p);
                        } else if (job instanceof Exclusive x) {
                            if (!group.isEmpty()) {
                                writeGroup(group);
                                group.clear();
                            }
                            runExclusive(x);
                        }
                    }
                    if (!group.isEmpty()) {
                        writeGroup(group);
                    }
                } catch (Throwable unexpected) {
                    // writeGroup and runExclusive complete their futures themselves; this is a bug in
                    // them. Fail whatever of this batch is still unanswered rather than leave it hanging.
                    log.error("the event log writer failed unexpectedly; it goes on", unexpected);
                    for (Job job : drained) {
                        CompletableFuture<?> done = job instanceof Pending p ? p.done : ((Exclusive) job).done;
                        done.completeExceptionally(unexpected);
                    }
                } finally {
                    drained.clear();
                    group.clear();
                }
            }
        } finally {
            writerStopped = true;
            // a caller who raced close() must not wait forever
            IllegalStateException closed = new IllegalStateException("the event log writer has stopped");
            for (Job job; (job = queue.poll()) != null; ) {
                (job instanceof Pending p ? p.done : ((Exclusive) job).done).completeExceptionally(closed);
            }
        }
    }

    private static void runExclusive(Exclusive x) {
        try {
            x.done.complete(x.task.get());
        } catch (Throwable e) {
            log.error("an exclusive event log task failed", e);
            x.done.completeExceptionally(e);
        }
    }

    private void writeGroup(List<Pending> group) {
        List<Appended> results;
        try {
            List<EventStore.Batch> batches = new ArrayList<>(group.size());
            group.forEach(p -> batches.add(new EventStore.Batch(p.events, p.failures)));
            results = store.append(batches, clock.millis());
        } catch (Throwable e) {
            log.error("storing {} append(s) failed; their callers are told", group.size(), e);
            List<Pending> failed = List.copyOf(group);
            acknowledge(() -> failed.forEach(p -> p.done.completeExceptionally(e)));
            return;
        }
        // committed (durable) here: the counts follow the table, and the callers are answered
        groups.incrementAndGet();
        groupedAppends.addAndGet(group.size());
        group.forEach(p -> groupedEvents.addAndGet(p.events.size()));
        results.forEach(r -> {
            eventCount.addAndGet(r.stored().size());
            failedCount.addAndGet(r.failedRecorded());
        });
        List<TrackEvent> allStored = new ArrayList<>();
        results.forEach(r -> allStored.addAll(r.stored()));
        if (!allStored.isEmpty()) {
            // before answering, so that a caller who has its answer also sees the updated profile
            try {
                onStored.accept(allStored);
            } catch (Throwable e) {
                // derived state only (profiles, triggers): the events are durable and a restart
                // replays them; the writer and later appends must not suffer for it
                onStoredFailures.incrementAndGet();
                log.error("applying {} stored event(s) to profiles and triggers failed; the events are stored"
                        + " and the writer goes on", allStored.size(), e);
            }
        }
        List<Pending> answered = List.copyOf(group);
        acknowledge(() -> {
            for (int i = 0; i < answered.size(); i++) {
                answered.get(i).done.complete(results.get(i));
            }
        });
    }

    private void acknowledge(Runnable answer) {
        try {
            acknowledger.execute(answer);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            answer.run(); // closing: answer on this thread rather than leave a caller waiting
        }
    }

    /** After an erasure: no copy of what was deleted stays in the store's files (see {@link EventStore#purgeDeleted}). */
    public void purgeDeleted() {
        exclusive(() -> {
            store.purgeDeleted();
            return null;
        }).join();
    }

    /** Events per page of a replay: with stored payloads capped (EventParser), a page is a few MB at most. */
    static final int REPLAY_PAGE = 1_000;

    /** Feeds every stored event, oldest first, to the consumer (profile rebuilds), a page at a time. */
    public void replay(Consumer<TrackEvent> consumer) {
        long after = 0;
        while (true) {
            List<EventStore.Sequenced> page = store.eventsAfter(after, REPLAY_PAGE);
            if (page.isEmpty()) {
                return;
            }
            for (EventStore.Sequenced row : page) {
                consumer.accept(row.event());
                after = row.seq();
            }
        }
    }

    /** The events of one visitor, oldest first. */
    public List<TrackEvent> eventsOf(String userId) {
        return store.eventsOf(userId);
    }

    /** How many events are stored: kept in memory, so asking costs nothing. */
    public long count() {
        return eventCount.get();
    }

    /** How many rejected events are kept: kept in memory, so asking costs nothing. */
    public long failedCount() {
        return failedCount.get();
    }

    /** True while the writer thread stores appends; false after it died or the log was closed. */
    public boolean writerAlive() {
        return writer.isAlive() && !writerStopped;
    }

    /** How the group commits so far were shared: their number, and the appends and events they held. */
    public record Groups(long commits, long appends, long events) {
    }

    /** The group commits made since start (each one transaction, one fsync with full durability). */
    public Groups groups() {
        return new Groups(groups.get(), groupedAppends.get(), groupedEvents.get());
    }

    /** How many times applying stored events to derived state ({@code onStored}) failed. */
    public long onStoredFailures() {
        return onStoredFailures.get();
    }

    /** The rejected events kept for inspection, newest first. */
    public List<InvalidEvent> failedEvents(int limit) {
        return store.failedEvents(limit);
    }

    /** Deletes every event of the visitor; returns how many. */
    public int erase(String userId) {
        int erased = store.erase(userId);
        eventCount.addAndGet(-erased);
        return erased;
    }

    /** Deletes the rejected events that named the visitor; returns how many. */
    public int eraseFailed(String userId) {
        int erased = store.eraseFailed(userId);
        failedCount.addAndGet(-erased);
        return erased;
    }

    /**
     * Retention: deletes events and rejected events received before the cutoff, in one
     * transaction, and says whose events went (their profiles must be rebuilt from what remains).
     */
    public Expired eraseReceivedBefore(long receivedBeforeMillis) {
        Expired expired = store.eraseReceivedBefore(receivedBeforeMillis);
        eventCount.addAndGet(-expired.events());
        failedCount.addAndGet(-expired.failedEvents());
        return expired;
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
            acknowledger.shutdown();
            acknowledger.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
