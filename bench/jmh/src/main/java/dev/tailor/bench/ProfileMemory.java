package dev.tailor.bench;

import dev.tailor.config.TailorConfig;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.SectionTopics;
import dev.tailor.track.TrackEvent;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Heap held per visitor by the in-memory profiles (the spec's 10,000+ concurrent users), next to
 * a baseline holding the least any per-visitor aggregate could: an array of seconds per section.
 * Not JMH: retained heap after full GCs, measured in this JVM, the same way for both.
 *
 * <p>Usage: {@code ProfileMemory <visitors>}; prints one Markdown table row.
 */
public final class ProfileMemory {

    private ProfileMemory() {
    }

    public static void main(String[] args) throws InterruptedException {
        int visitors = Integer.parseInt(args[0]);
        TrackEvent[] events = EventStream.generate(visitors * 20, visitors, 42);

        long base = settledHeap();
        Map<String, double[]> baseline = new HashMap<>();
        for (TrackEvent e : events) {
            double[] seconds = baseline.computeIfAbsent(e.userId(), id -> new double[EventStream.SECTIONS.length]);
            seconds[Math.floorMod(e.section() == null ? 0 : e.section().hashCode(), seconds.length)] += e.timeSpent();
        }
        long baselineBytes = settledHeap() - base;
        int baselineSize = baseline.size();
        baseline = null;

        base = settledHeap();
        ProfileEngine engine = new ProfileEngine(TailorConfig.from(Map.of()).profile(), new SectionTopics(Acme.contract()));
        for (TrackEvent e : events) {
            engine.apply(e);
        }
        long engineBytes = settledHeap() - base;
        if (engine.size() != baselineSize) {
            throw new IllegalStateException("profiled " + engine.size() + " visitors, baseline " + baselineSize);
        }
        System.out.printf(Locale.ROOT, "| profiles in memory, %,d visitors × 20 events | %,.0f bytes/visitor (%,.1f MB) | "
                        + "array of seconds per section: %,.0f bytes/visitor | %.1f× baseline | 10,000 visitors: %,.1f MB |%n",
                engine.size(), (double) engineBytes / engine.size(), engineBytes / 1e6,
                (double) baselineBytes / baselineSize, (double) engineBytes / baselineBytes,
                10_000.0 * engineBytes / engine.size() / 1e6);
    }

    private static long settledHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
