package dev.tailor.http;

import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.Rollout;
import dev.tailor.monitor.RolloutExport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rollouts for an admin: {@code GET /api/rollouts} (JSON), {@code /api/rollouts.csv} and
 * {@code /api/rollouts/{variant_key}} (one, with its history and its snapshots over time) export
 * every rollout's per-arm numbers per metric; {@code POST /api/rollouts/{variant_key}/retry} tries a
 * rolled-back or stopped variant again, deliberately. It starts over at the first stage; the earlier
 * attempts stay in its history.
 */
public final class RolloutApi {

    private final Experiments experiments;
    private final RolloutExport export;

    public RolloutApi(Experiments experiments) {
        this.experiments = experiments;
        this.export = new RolloutExport(experiments);
    }

    public Map<String, Object> list() {
        return Map.of("rollouts", export.rollouts());
    }

    public String csv() {
        return export.csv();
    }

    public Map<String, Object> rollout(String variantKey) {
        return export.rollout(variantKey).orElseThrow(() -> ApiError.notFound("variant_key", "no rollout of variant " + variantKey
                + "; GET /api/rollouts lists every variant_key"));
    }

    public Map<String, Object> retry(String variantKey) {
        Rollout r;
        try {
            r = experiments.retry(variantKey);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("variant_key", e.getMessage() + "; GET /api/rollouts lists every variant_key");
        } catch (IllegalStateException e) {
            throw ApiError.conflict("variant_key", e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant_key", r.variantKey());
        out.put("variant", r.variant());
        out.put("status", r.status());
        out.put("percent", r.percent());
        out.put("reason", r.reason());
        return out;
    }
}
