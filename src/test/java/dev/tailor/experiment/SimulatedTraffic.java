package dev.tailor.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A {@link RolloutStore} for the statistical simulations: it keeps rollouts and exposures like any
 * store, and instead of reading outcomes from an event log it draws each exposed visitor's outcome
 * on every metric once, at the exposure, from the rate the simulated world sets for that arm. Seeded:
 * the same run every time. Counting is incremental so that thousands of rollouts take seconds.
 *
 * <p>{@link #loseTreatment} breaks the counting on purpose (a share of the treatment's exposures
 * never arrive), as a broken redirect or a crashing variant would: what the SRM check must catch.
 */
final class SimulatedTraffic implements RolloutStore {

    /** The chance a visitor of this arm does the metric's thing after exposure. */
    interface World {
        double rate(String arm, Metric metric);
    }

    private record Row(String arm, long at, long outcomes) {
    }

    private final World world;
    private final List<Metric> metrics;
    private final SplittableRandom random;
    private double loseTreatment;
    private final Map<String, Rollout> rollouts = new LinkedHashMap<>();
    private final Map<String, List<Row>> rows = new HashMap<>();
    /** Running counts per variant, stage and arm ([visitors, then one per metric]), for a query since the stage's first row. */
    private final Map<String, Map<String, int[]>> counts = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    SimulatedTraffic(World world, List<Metric> metrics, long seed) {
        this.world = world;
        this.metrics = List.copyOf(metrics);
        this.random = new SplittableRandom(seed);
    }

    /** From now on this share of treatment exposures is lost before it is counted. */
    SimulatedTraffic loseTreatment(double share) {
        this.loseTreatment = share;
        return this;
    }

    @Override
    public List<Rollout> rollouts() {
        return List.copyOf(rollouts.values());
    }

    /** The simulations judge verdicts, not charts: neither history nor snapshots are kept. */
    @Override
    public List<RolloutHistoryEntry> history(String variantKey) {
        return List.of();
    }

    @Override
    public void saveSnapshot(RolloutSnapshot snapshot) {
    }

    @Override
    public List<RolloutSnapshot> snapshots(String variantKey) {
        return List.of();
    }

    @Override
    public void save(Rollout rollout, boolean historyEntry) {
        rollouts.put(rollout.variantKey(), rollout);
    }

    @Override
    public void recordExposures(List<Exposure> exposures) {
        for (Exposure e : exposures) {
            if (e.stage() < 0 || !seen.add(e.variantKey() + '\n' + e.stage() + '\n' + e.userId())) {
                continue; // render fallbacks are drawn as a rate of the arm, like every other metric
            }
            if (e.arm().equals(Experiments.TREATMENT) && loseTreatment > 0 && random.nextDouble() < loseTreatment) {
                continue;
            }
            long outcomes = 0;
            for (int m = 0; m < metrics.size(); m++) {
                if (random.nextDouble() < world.rate(e.arm(), metrics.get(m))) {
                    outcomes |= 1L << m;
                }
            }
            String stage = e.variantKey() + '\n' + e.stage();
            rows.computeIfAbsent(stage, k -> new ArrayList<>()).add(new Row(e.arm(), e.at(), outcomes));
            int[] c = counts.computeIfAbsent(stage, k -> new HashMap<>()).computeIfAbsent(e.arm(), a -> new int[1 + metrics.size()]);
            c[0]++;
            for (int m = 0; m < metrics.size(); m++) {
                c[1 + m] += (int) ((outcomes >>> m) & 1);
            }
        }
    }

    @Override
    public Map<String, ArmCounts> metrics(String variantKey, int stage, long since, List<Metric> asked) {
        List<Row> stageRows = rows.getOrDefault(variantKey + '\n' + stage, List.of());
        if (stageRows.isEmpty() || stageRows.get(0).at() >= since) { // rows come in time order: every one counts
            return armCounts(counts.getOrDefault(variantKey + '\n' + stage, Map.of()), asked, metrics);
        }
        Map<String, int[]> counted = new HashMap<>();
        for (Row row : stageRows) {
            if (row.at() < since) {
                continue;
            }
            int[] c = counted.computeIfAbsent(row.arm(), a -> new int[1 + metrics.size()]);
            c[0]++;
            for (int m = 0; m < metrics.size(); m++) {
                c[1 + m] += (int) ((row.outcomes() >>> m) & 1);
            }
        }
        return armCounts(counted, asked, metrics);
    }

    private static Map<String, ArmCounts> armCounts(Map<String, int[]> counts, List<Metric> asked, List<Metric> drawn) {
        Map<String, ArmCounts> out = new HashMap<>();
        counts.forEach((arm, c) -> {
            Map<String, Integer> reached = new HashMap<>();
            for (Metric m : asked) {
                int index = drawn.indexOf(m);
                reached.put(m.name(), index < 0 ? 0 : c[1 + index]);
            }
            out.put(arm, new ArmCounts(c[0], reached));
        });
        return out;
    }

    @Override
    public int visitorsWithIdPrefix(String variantKey, String idPrefix) {
        return 0;
    }

    @Override
    public int eraseExposures(String userId) {
        return 0;
    }
}
