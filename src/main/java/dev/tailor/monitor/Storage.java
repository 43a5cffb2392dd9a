package dev.tailor.monitor;

import dev.tailor.config.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Whether Tailor can keep what it is sent: the disk of the data directory has room
 * ({@code TAILOR_MIN_FREE_DISK_MB}, default {@value #DEFAULT_MIN_FREE_MB} MB) and the database takes a
 * write. {@code /healthz} reports it as it is now, and ingest refuses events (503) while it is not so,
 * rather than acknowledging what may not be kept; ingest asks on every request, so its answer is at
 * most a second old.
 */
public final class Storage {

    static final int DEFAULT_MIN_FREE_MB = 100;
    private static final long CHECK_NANOS = 1_000_000_000L;

    /**
     * One check.
     *
     * @param disk     {@code ok}, or why the disk is too full
     * @param database {@code ok}, or why the database cannot keep a write
     */
    public record Status(String disk, long freeBytes, String database) {
        public boolean ok() {
            return disk.equals("ok") && database.equals("ok");
        }

        /** What is wrong, in a sentence, or empty. */
        public Optional<String> problem() {
            return ok() ? Optional.empty() : Optional.of(disk.equals("ok") ? database
                    : database.equals("ok") ? disk : disk + "; " + database);
        }
    }

    private final Path dataDir;
    private final long minFreeBytes;
    private final Supplier<String> database;
    private final LongSupplier nanoTime;
    private final Object checking = new Object();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long checkedAt;
    private volatile Status last;

    /** @param database {@code ok} when the database takes a write, else why not */
    public Storage(Path dataDir, long minFreeBytes, Supplier<String> database, LongSupplier nanoTime) {
        this.dataDir = dataDir;
        this.minFreeBytes = minFreeBytes;
        this.database = database;
        this.nanoTime = nanoTime;
    }

    public static Storage of(Path dataDir, Environment env, Supplier<String> database) {
        long minFree = env.integer("TAILOR_MIN_FREE_DISK_MB", DEFAULT_MIN_FREE_MB, 0, Integer.MAX_VALUE) * 1024L * 1024L;
        return new Storage(dataDir, minFree, database, System::nanoTime);
    }

    /**
     * What is wrong now, from a check about a second old (for ingest), or empty. When a check is due one
     * caller makes it and the others answer from the previous one meanwhile: the check writes to the
     * database (an fsync behind the event log's group commit), and every ingest request waiting for it
     * held up all of ingest once a second (JFR). The commit itself still refuses a deleted file.
     */
    public Optional<String> problem() {
        Status s = last;
        if (s != null && nanoTime.getAsLong() - checkedAt < CHECK_NANOS) {
            return s.problem();
        }
        if (s != null && !refreshing.compareAndSet(false, true)) {
            return s.problem(); // another request is checking now
        }
        if (s != null) {
            try {
                return refresh().problem();
            } finally {
                refreshing.set(false);
            }
        }
        synchronized (checking) { // the first check: nothing to answer from yet
            return (last == null ? refresh() : last).problem();
        }
    }

    private Status refresh() {
        Status fresh = status();
        last = fresh;
        checkedAt = nanoTime.getAsLong();
        return fresh;
    }

    /** A check now (for {@code /healthz}). */
    public Status status() {
        long free;
        try {
            free = Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            return new Status("the data directory " + dataDir.toAbsolutePath() + " cannot be read: " + e.getMessage(), -1,
                    database.get());
        }
        String disk = free >= minFreeBytes ? "ok" : "the disk of " + dataDir.toAbsolutePath() + " has " + megabytes(free)
                + " MB free, below TAILOR_MIN_FREE_DISK_MB=" + megabytes(minFreeBytes);
        return new Status(disk, free, database.get());
    }

    private static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }
}
