package dev.tailor.store.sql;

import dev.tailor.experiment.ArmCounts;
import dev.tailor.experiment.RolloutSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How both relational adapters keep a {@link RolloutSnapshot}: one row of {@code rollout_snapshots}
 * per arm and metric ({@code visitors} repeated on each of an arm's rows), so a site that names a
 * new goal needs no new column. The adapters write {@link #rows} and read back with {@link #SELECT},
 * handing the rows in its order to {@link #snapshots}.
 */
public final class RolloutSnapshotRows {

    /** One row of the table. */
    public record Row(String variantKey, long at, int stage, String arm, String metric, int visitors, int reached) {
    }

    /** A variant's rows, oldest snapshot first; binds the variant key. */
    public static final String SELECT = "select variant_key, at, stage, arm, metric, visitors, reached from rollout_snapshots"
            + " where variant_key = ? order by at, arm, metric";

    private RolloutSnapshotRows() {
    }

    public static List<Row> rows(RolloutSnapshot s) {
        List<Row> out = new ArrayList<>();
        s.arms().forEach((arm, counts) -> counts.reached().forEach((metric, reached) ->
                out.add(new Row(s.variantKey(), s.at(), s.stage(), arm, metric, counts.visitors(), reached))));
        return out;
    }

    /** Folds rows in {@link #SELECT}'s order back into snapshots. */
    public static List<RolloutSnapshot> snapshots(List<Row> rows) {
        Map<Long, List<Row>> byTime = new LinkedHashMap<>();
        rows.forEach(r -> byTime.computeIfAbsent(r.at(), at -> new ArrayList<>()).add(r));
        List<RolloutSnapshot> out = new ArrayList<>();
        byTime.forEach((at, taken) -> {
            Map<String, Integer> visitors = new HashMap<>();
            Map<String, Map<String, Integer>> reached = new LinkedHashMap<>();
            for (Row r : taken) {
                visitors.put(r.arm(), r.visitors());
                reached.computeIfAbsent(r.arm(), arm -> new HashMap<>()).put(r.metric(), r.reached());
            }
            Map<String, ArmCounts> arms = new HashMap<>();
            reached.forEach((arm, counts) -> arms.put(arm, new ArmCounts(visitors.get(arm), counts)));
            out.add(new RolloutSnapshot(taken.get(0).variantKey(), at, taken.get(0).stage(), arms));
        });
        return out;
    }
}
