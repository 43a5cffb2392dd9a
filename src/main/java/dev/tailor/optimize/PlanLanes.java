package dev.tailor.optimize;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on the workers, one plan at a time: a job for a plan whose variant a job is making now
 * waits in that plan's lane, off the workers, and the worker that finishes the plan's job runs the
 * next one of its lane (which then finds the variant live and only matches the visitor to it).
 * Thousands of visitors calling for the same plan thus hold one worker, not all of them, and jobs
 * for other plans keep moving.
 */
public final class PlanLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlanLanes.class);

    /**
     * @param running plans with a job on a worker now
     * @param waiting jobs waiting behind a job of their plan
     * @param laned   jobs that ever waited behind a job of their plan
     */
    public record Figures(int running, int waiting, long laned) {
    }

    private final ExecutorService workers;
    /** The jobs waiting behind each running plan; a plan is a key while one of its jobs runs. */
    private final Map<String, Deque<Runnable>> lanes = new HashMap<>();
    private int waiting;
    private final AtomicLong laned = new AtomicLong();

    public PlanLanes(ExecutorService workers) {
        this.workers = workers;
    }

    /** Runs {@code job} on a worker now, or after the jobs of {@code planKey} queued before it. */
    public void submit(String planKey, Runnable job) {
        synchronized (lanes) {
            Deque<Runnable> lane = lanes.get(planKey);
            if (lane != null) {
                lane.addLast(job);
                waiting++;
                laned.incrementAndGet();
                return;
            }
            lanes.put(planKey, new ArrayDeque<>());
        }
        try {
            workers.execute(() -> drain(planKey, job));
        } catch (RuntimeException | Error e) {
            synchronized (lanes) {
                lanes.remove(planKey);
            }
            throw e;
        }
    }

    private void drain(String planKey, Runnable first) {
        Runnable next = first;
        while (next != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                log.warn("an optimization job failed outside its pipeline: {}", e.toString());
            }
            synchronized (lanes) {
                next = lanes.get(planKey).pollFirst();
                if (next == null) {
                    lanes.remove(planKey);
                } else {
                    waiting--;
                }
            }
        }
    }

    /** Whether a job of this plan is on a worker now (or about to be). */
    public boolean busy(String planKey) {
        synchronized (lanes) {
            return lanes.containsKey(planKey);
        }
    }

    public Figures figures() {
        synchronized (lanes) {
            return new Figures(lanes.size(), waiting, laned.get());
        }
    }

    /** Awaits the jobs submitted so far, those waiting in lanes included, then stops the workers. */
    @Override
    public void close() throws InterruptedException {
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
