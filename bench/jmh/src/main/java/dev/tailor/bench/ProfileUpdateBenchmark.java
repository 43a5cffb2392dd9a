package dev.tailor.bench;

import dev.tailor.config.TailorConfig;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.profile.SectionTopics;
import dev.tailor.track.TrackEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One profile update per event: {@link ProfileEngine#apply} on a realistic stream across many
 * visitors (issue 3, target under 2 µs/op). Baseline: a HashMap merge of the same events'
 * engaged seconds by visitor, the floor of any per-visitor in-memory aggregation.
 *
 * <p>Each iteration starts from an empty engine at the start of the stream, so time moves
 * forward; the stream (4 Mi events) is longer than an iteration normally consumes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ProfileUpdateBenchmark {

    private static final int STREAM = 1 << 22;
    private static final int MASK = STREAM - 1;

    @Param({"20000"})
    public int users;

    private TrackEvent[] events;
    private TailorConfig.ProfileSettings settings;
    private SectionTopics topics;
    private ProfileEngine engine;
    private Map<String, Double> floor;
    private int next;

    @Setup(Level.Trial)
    public void stream() {
        events = EventStream.generate(STREAM, users, 42);
        settings = TailorConfig.from(Map.of()).profile();
        topics = new SectionTopics(Acme.contract());
    }

    @Setup(Level.Iteration)
    public void fresh() {
        engine = new ProfileEngine(settings, topics);
        floor = new HashMap<>();
        next = 0;
    }

    @Benchmark
    public void profileApply() {
        engine.apply(events[next++ & MASK]);
    }

    @Benchmark
    public Double baselineHashMapMerge() {
        TrackEvent e = events[next++ & MASK];
        return floor.merge(e.userId(), e.timeSpent(), Double::sum);
    }
}
