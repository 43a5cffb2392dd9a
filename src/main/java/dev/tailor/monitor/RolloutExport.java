package dev.tailor.monitor;

import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.Metric;
import dev.tailor.experiment.RolloutPolicy;
import dev.tailor.experiment.RolloutSnapshot;
import dev.tailor.experiment.SampleRatio;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every rollout's per-arm numbers per metric, for a growth team's own analysis: as JSON (the
 * list, or one rollout with its history and its snapshots over time) and as CSV (one line per
 * rollout, metric and arm). The numbers are the current stage's, as the dashboard shows them.
 */
public final class RolloutExport {

    /** The CSV's columns, in order. */
    static final List<String> CSV_COLUMNS = List.of("variant_key", "variant", "status", "percent", "stage_started_at",
            "simulated_visitors", "metric", "primary", "guardrail", "arm", "visitors", "conversions", "rate", "rate_low", "rate_high");

    private final Experiments experiments;

    public RolloutExport(Experiments experiments) {
        this.experiments = experiments;
    }

    /** Every rollout, the latest stage first. */
    public List<Map<String, Object>> rollouts() {
        return experiments.reports().stream().map(this::row).toList();
    }

    /** One rollout with its history (the stage timeline) and its snapshots, oldest first; empty when there is none. */
    public Optional<Map<String, Object>> rollout(String variantKey) {
        return experiments.report(variantKey).map(report -> {
            Map<String, Object> out = row(report);
            out.put("history", experiments.history(variantKey).stream().map(h -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("at", h.at());
                entry.put("percent", h.percent());
                entry.put("status", h.status());
                entry.put("reason", h.reason());
                return entry;
            }).toList());
            out.put("snapshots", experiments.snapshots(variantKey).stream().map(this::snapshot).toList());
            return out;
        });
    }

    /** The rollouts as CSV: a header, then one line per rollout, metric and arm. */
    public String csv() {
        StringBuilder out = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        Metric primary = experiments.metrics().primary();
        for (Experiments.Report r : experiments.reports()) {
            for (RolloutPolicy.MetricResult m : r.metrics()) {
                for (Map.Entry<String, RolloutPolicy.Arm> arm : Map.of(Experiments.TREATMENT, m.treatment(),
                        Experiments.CONTROL, m.control()).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                    RolloutPolicy.Arm a = arm.getValue();
                    List<Double> ci = a.visitors() == 0 ? null : Metrics.wilson(a.conversions(), a.visitors());
                    List<Object> cells = List.of(r.rollout().variantKey(), r.rollout().variant(), r.rollout().status().wire(),
                            r.rollout().percent(), r.rollout().stageStartedAt(), r.simulatedVisitors(), m.metric().name(),
                            m.metric().equals(primary), m.metric().guardrail(), arm.getKey(), a.visitors(), a.conversions(),
                            a.visitors() == 0 ? "" : Metrics.round(10_000, a.rate()), ci == null ? "" : ci.get(0), ci == null ? "" : ci.get(1));
                    out.append(String.join(",", cells.stream().map(c -> csvCell(String.valueOf(c))).toList())).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** A cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
    static String csvCell(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** A rollout's current stage: who, where, why, and each metric per arm with its intervals. */
    Map<String, Object> row(Experiments.Report r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("variant", r.rollout().variant());
        row.put("variant_key", r.rollout().variantKey());
        row.put("percent", r.rollout().percent());
        row.put("status", r.rollout().status());
        row.put("stage_started_at", r.rollout().stageStartedAt());
        row.put("reason", r.rollout().reason());
        row.put("simulated_visitors", r.simulatedVisitors());
        Metric primary = experiments.metrics().primary();
        row.put("metrics", r.metrics().stream().map(m -> Metrics.metricRow(m, m.metric().equals(primary))).toList());
        SampleRatio.Check srm = r.sampleRatio();
        Map<String, Object> sampleRatio = new LinkedHashMap<>();
        sampleRatio.put("treatment", srm.treatment());
        sampleRatio.put("control", srm.control());
        sampleRatio.put("expected_treatment_share", srm.expectedTreatmentShare());
        sampleRatio.put("chi_square", Metrics.round(1000, srm.chiSquare()));
        sampleRatio.put("p", srm.p());
        sampleRatio.put("mismatch", srm.mismatch());
        row.put("sample_ratio", sampleRatio);
        return row;
    }

    private Map<String, Object> snapshot(RolloutSnapshot s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", s.at());
        out.put("stage", s.stage());
        out.put("metrics", experiments.measure(s).stream().map(m -> {
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("name", m.metric().name());
            metric.put("treatment", Metrics.arm(m.treatment()));
            metric.put("control", Metrics.arm(m.control()));
            return metric;
        }).toList());
        return out;
    }
}
