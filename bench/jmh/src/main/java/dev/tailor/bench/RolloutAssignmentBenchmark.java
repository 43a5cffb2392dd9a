package dev.tailor.bench;

import dev.tailor.experiment.Bucketing;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rollout assignment: the stable bucket of a visitor for a variant ({@link Bucketing#inTreatment}),
 * which every personalized page load computes, over 10,000 visitors. Baseline: looking up an
 * already-computed bucket in a HashMap, the floor of any sticky per-visitor assignment. Target ≤ 200 ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RolloutAssignmentBenchmark {

    private static final int VISITORS = 10_000;
    private static final String VARIANT = "9f2c4e1ab37d@5d41402abc4b2a76b9719d911017c592";

    private final String[] users = new String[VISITORS];
    private final Map<String, Integer> precomputed = new HashMap<>();
    private int next;

    @Setup
    public void visitors() {
        for (int i = 0; i < VISITORS; i++) {
            users[i] = "v-" + Integer.toHexString(i * 2_654_435_761L > 0 ? i * 31 + 7 : i) + "-" + i;
            precomputed.put(users[i], Bucketing.bucket(VARIANT, users[i]));
        }
    }

    @Benchmark
    public boolean assign() {
        next = (next + 1) % VISITORS;
        return Bucketing.inTreatment(VARIANT, users[next], 25);
    }

    @Benchmark
    public boolean baselineHashMapLookup() {
        next = (next + 1) % VISITORS;
        return precomputed.get(users[next]) < 25 * (Bucketing.BUCKETS / 100);
    }
}
