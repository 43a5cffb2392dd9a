package dev.tailor.http;

import dev.tailor.experiment.Experiments;
import dev.tailor.experiment.Rollout;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/rollouts/{variant_key}/retry}: an admin tries a rolled-back or stopped variant
 * again, deliberately. It starts over at the first stage; the earlier attempts stay in its history.
 */
public final class RolloutApi {

    private final Experiments experiments;

    public RolloutApi(Experiments experiments) {
        this.experiments = experiments;
    }

    public Map<String, Object> retry(String variantKey) {
        Rollout r;
        try {
            r = experiments.retry(variantKey);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("variant_key", e.getMessage() + "; the dashboard's rollouts table lists every variant_key");
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
