package dev.tailor.optimize;

import dev.tailor.visitor.RecentKeys;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visitors waiting for the trigger to judge them, judged on several threads. A visitor is in
 * the queue at most once: changes that arrive while they wait (or while they are being judged) are
 * coalesced into one more evaluation, and one visitor is never judged on two threads at once. The
 * queue holds at most {@code capacity} visitors; beyond that a change is dropped and counted, and
 * the visitor's next change queues them again (their profile is kept either way, only the judging
 * of this change is skipped). Visitors are judged in the order they were queued; a busy visitor at
 * most every {@code spacing}.
 */
public final class TriggerQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TriggerQueue.class);

    /** What judges one visitor. */
    @FunctionalInterface
    public interface Evaluation {
        /** @param storedAt when the earliest of the changes coalesced into this evaluation was stored */
        void evaluate(String userId, long storedAt);
    }

    /**
     * @param capacity how many visitors may wait at once
     * @param threads  how many visitors are judged at once
     * @param spacing  the least time between two evaluations of one visitor
     */
    public record Settings(int capacity, int threads, Duration spacing) {
        /**
         * Room for 100,000 waiting visitors (five times the 20,000 qualifying in 2 s that one thread
         * left 30 s behind), a thread per core, and a busy visitor judged at most every 500 ms, which
         * bounds the trigger's work per visitor while keeping its latency well under 2 s.
         */
        public static Settings forCores(int cores) {
            return new Settings(100_000, Math.max(2, cores), Duration.ofMillis(500));
        }

        public Settings {
            if (capacity < 1 || threads < 1) {
                throw new IllegalArgumentException("capacity and threads must be at least 1, not " + capacity + " and " + threads);
            }
        }
    }

    /**
     * The backlog as {@code /api/metrics} shows it.
     *
     * @param depth     visitors queued or being judged now
     * @param coalesced changes folded into an evaluation already queued
     * @param dropped   changes not queued because the queue was full
     * @param evaluated evaluations done
     */
    public record Figures(int depth, int capacity, int threads, long coalesced, long dropped, long evaluated) {
    }

    /**
     * One queued visitor: the earliest change this evaluation judges, whether it is being judged now,
     * and the earliest change that arrived while it was (-1: none, no evaluation again).
     */
    private record Slot(long storedAt, boolean running, long againStoredAt) {
        static Slot queued(long storedAt) {
            return new Slot(storedAt, false, -1);
        }
    }

    private final Settings settings;
    private final Evaluation evaluation;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    /** When each visitor was last judged (a shortcut: a forgotten visitor is judged at once next time). */
    private final RecentKeys<Long> lastEvaluated;
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong evaluated = new AtomicLong();

    public TriggerQueue(Settings settings, ThreadFactory threads, Evaluation evaluation) {
        this.settings = settings;
        this.evaluation = evaluation;
        this.executor = new ScheduledThreadPoolExecutor(settings.threads(), threads);
        this.lastEvaluated = new RecentKeys<>(Math.max(settings.capacity(), 1_000));
    }

    /** Queues the visitor for judging (called on the ingest path: never blocks, never waits for an evaluation). */
    public void offer(String userId, long storedAt) {
        boolean[] schedule = {false};
        slots.compute(userId, (user, slot) -> {
            if (slot == null) {
                if (slots.size() >= settings.capacity()) {
                    dropped.incrementAndGet();
                    return null;
                }
                schedule[0] = true;
                return Slot.queued(storedAt);
            }
            coalesced.incrementAndGet();
            // judged now: what it read may predate this change, so it is judged once more afterwards
            return slot.running() && slot.againStoredAt() < 0 ? new Slot(slot.storedAt(), true, storedAt) : slot;
        });
        if (schedule[0]) {
            try {
                schedule(userId);
            } catch (RejectedExecutionException closed) {
                slots.remove(userId); // Tailor is stopping: nothing is judged any more
            }
        }
    }

    private void schedule(String userId) {
        long wait = lastEvaluated.get(userId)
                .map(last -> Math.max(0, last + settings.spacing().toNanos() - System.nanoTime())).orElse(0L);
        executor.schedule(() -> run(userId), wait, TimeUnit.NANOSECONDS);
    }

    private void run(String userId) {
        Slot slot = slots.computeIfPresent(userId, (user, s) -> new Slot(s.storedAt(), true, -1));
        if (slot == null) {
            return; // forgotten (erased) while queued
        }
        lastEvaluated.put(userId, System.nanoTime());
        try {
            evaluation.evaluate(userId, slot.storedAt());
        } catch (RuntimeException ex) {
            // no visitor id in the log: erasure cannot reach into log files
            log.warn("evaluating a visitor failed: {}", ex.toString());
        } finally {
            evaluated.incrementAndGet();
            Slot next = slots.computeIfPresent(userId, (user, s) -> s.againStoredAt() < 0 ? null : Slot.queued(s.againStoredAt()));
            if (next != null) {
                try {
                    schedule(userId);
                } catch (RejectedExecutionException closing) {
                    run(userId); // closing: a change that came before close is still judged, here and now
                }
            }
        }
    }

    /** Forgets the visitor (erasure): a queued evaluation of theirs does not run. */
    public void forget(String userId) {
        slots.remove(userId);
        lastEvaluated.remove(userId);
    }

    public Figures figures() {
        return new Figures(slots.size(), settings.capacity(), settings.threads(), coalesced.get(), dropped.get(),
                evaluated.get());
    }

    /** Stops taking visitors and awaits the evaluations already queued (they may start jobs). */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
