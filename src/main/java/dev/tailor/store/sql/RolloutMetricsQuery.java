package dev.tailor.store.sql;

import dev.tailor.experiment.ArmCounts;
import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How both relational adapters (SQLite and PostgreSQL) count a rollout stage's metrics per arm:
 * one query in standard SQL over {@code exposures} and {@code events}, so the two cannot drift
 * apart. The adapters bind {@link #parameters} in order and hand each row to {@link #arm}.
 *
 * @param sql        selects {@code arm, visitors, metric 1 reached, metric 2 reached, …}
 * @param parameters the values of the {@code ?} placeholders, in order
 */
public record RolloutMetricsQuery(String sql, List<Object> parameters, List<Metric> metrics) {

    private static final String AFTER = "e.user_id = x.user_id and e.received_at >= x.first_seen_at";

    public RolloutMetricsQuery {
        parameters = List.copyOf(parameters);
        metrics = List.copyOf(metrics);
    }

    /**
     * The visitors first exposed to this stage at or after {@code since}, and what each metric counts
     * of them; visitors flagged as automation ({@link Experiments#AUTOMATED_VISITORS}) are left out.
     */
    public static RolloutMetricsQuery of(String variantKey, int stage, long since, List<Metric> metrics) {
        StringBuilder sql = new StringBuilder("select x.arm, count(*)");
        List<Object> parameters = new ArrayList<>();
        for (Metric m : metrics) {
            sql.append(", sum(case when ").append(condition(m, parameters)).append(" then 1 else 0 end)");
        }
        sql.append(" from exposures x where x.variant_key = ? and x.stage = ? and x.first_seen_at >= ?")
                .append(" and not exists (select 1 from exposures a where a.variant_key = ? and a.stage = 0 and a.user_id = x.user_id)")
                .append(" group by x.arm");
        parameters.add(variantKey);
        parameters.add(stage);
        parameters.add(since);
        parameters.add(Experiments.AUTOMATED_VISITORS);
        return new RolloutMetricsQuery(sql.toString(), parameters, metrics);
    }

    /** One row of the answer: its visitors and, per metric, how many of them did it. */
    public ArmCounts arm(int visitors, List<Integer> reached) {
        Map<String, Integer> byMetric = new HashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            byMetric.put(metrics.get(m).name(), reached.get(m));
        }
        return new ArmCounts(visitors, byMetric);
    }

    /** Whether the exposed visitor {@code x} did the metric's thing after the exposure; adds its parameters. */
    private static String condition(Metric m, List<Object> parameters) {
        return switch (m.kind()) {
            case ANY_GOAL -> "exists (select 1 from events e where " + AFTER + " and e.event = 'goal')";
            case GOAL -> {
                parameters.add(m.goal());
                yield "exists (select 1 from events e where " + AFTER + " and e.event = 'goal' and e.goal = ?)";
            }
            case JS_ERROR -> "exists (select 1 from events e where " + AFTER + " and e.event = 'error')";
            case RENDER_FALLBACK -> "exists (select 1 from exposures f where f.variant_key = x.variant_key"
                    + " and f.stage = -x.stage and f.user_id = x.user_id and f.first_seen_at >= x.first_seen_at)";
            case BOUNCE -> "(select count(*) from events e where " + AFTER + " and e.event = 'page_view') < 2"
                    + " and not exists (select 1 from events e where " + AFTER + " and e.event = 'goal')"
                    + " and coalesce((select sum(e.time_spent) from events e where " + AFTER + "), 0) < " + Metric.ENGAGED_SECONDS;
        };
    }
}
