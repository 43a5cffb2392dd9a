package dev.tailor.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep (writing profiles behind, retention, judging rollouts): one named
 * daemon thread running a task at a fixed delay. A failed run is logged and retried at the next
 * tick; {@link #close} lets a running pass finish before it returns.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private final ScheduledExecutorService timer;

    private Periodic(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * @param name the thread's name, and what the log calls the task when it fails
     */
    public static Periodic every(Duration interval, String name, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed; will retry: {}", name, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new Periodic(timer);
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
