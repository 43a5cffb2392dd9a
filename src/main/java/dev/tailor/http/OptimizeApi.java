package dev.tailor.http;

import dev.tailor.experiment.Experiments;
import dev.tailor.optimize.JobStage;
import dev.tailor.optimize.OptimizationJob;
import dev.tailor.optimize.Optimizer;
import dev.tailor.optimize.TriggerPolicy;
import dev.tailor.variant.VariantCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/optimize?user_id=…}: evaluates the visitor now (starting an optimization when
 * the trigger policy says so) and answers in the original spec's shape — {@code variant},
 * {@code morph_generation}, {@code deployment_status} — plus the job's stage and timings.
 */
public final class OptimizeApi {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");

    private final Optimizer optimizer;
    private final VariantCatalog catalog;
    private final Experiments experiments;
    private final String edgeHost;
    private final int edgePort;

    /**
     * @param edgeHost the host name under which {@code <user>-personalized.<host>} resolves (localhost by default)
     */
    public OptimizeApi(Optimizer optimizer, VariantCatalog catalog, Experiments experiments, String edgeHost, int edgePort) {
        this.optimizer = optimizer;
        this.catalog = catalog;
        this.experiments = experiments;
        this.edgeHost = edgeHost;
        this.edgePort = edgePort;
    }

    /** @param userId the {@code user_id} query parameter, null when absent */
    public Map<String, Object> optimize(String userId) {
        if (userId == null || userId.isBlank()) {
            throw ApiError.badRequest("user_id", "user_id is required, e.g. /api/optimize?user_id=alyssa");
        }
        TriggerPolicy.Decision decision = optimizer.evaluate(userId).orElseThrow(() -> ApiError.notFound("user_id",
                "no events for user_id '" + userId + "' yet: POST /api/track first"));
        return describe(userId, decision, optimizer.latestJob(userId));
    }

    Map<String, Object> describe(String userId, TriggerPolicy.Decision decision, Optional<OptimizationJob> latest) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", userId);
        out.put("decision", Map.of("optimize", decision.optimize(), "reason", decision.reason()));
        if (latest.isEmpty()) {
            out.put("variant", null);
            out.put("morph_generation", Map.of("status", "not_started"));
            out.put("deployment_status", "none");
            return out;
        }
        OptimizationJob job = latest.get();
        out.put("variant", job.plan().name());
        out.put("job_id", job.id());
        out.put("stage", job.status());
        out.put("trigger", Map.of("reason", job.trigger().reason(), "latency_ms", job.trigger().latencyMs()));
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("status", generationStatus(job));
        generation.put("generator", job.generator());
        generation.put("model", job.model());
        generation.put("cost_usd", job.costUsd());
        job.stages().stream().filter(s -> s.stage() == JobStage.GENERATING).findFirst()
                .ifPresent(s -> generation.put("time_ms", s.millis()));
        out.put("morph_generation", generation);
        out.put("deployment_status", deploymentStatus(job));
        Map<String, Object> plan = new LinkedHashMap<>(); // layout_class is null for a plan that sets none
        plan.put("target", job.plan().target());
        plan.put("order", job.plan().order());
        plan.put("hidden", job.plan().hidden());
        plan.put("props", job.plan().props());
        plan.put("layout_class", job.plan().layoutClass());
        plan.put("reasons", job.plan().reasons());
        if (!job.plan().otherPages().isEmpty()) {
            // the site's other pages the plan changes, by URL path (the fields above are its primary page's)
            Map<String, Object> pages = new LinkedHashMap<>();
            job.plan().otherPages().forEach((path, page) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("order", page.order());
                one.put("hidden", page.hidden());
                one.put("props", page.props());
                one.put("layout_class", page.layoutClass());
                pages.put(path, one);
            });
            plan.put("other_pages", pages);
        }
        plan.put("hash", job.planHash());
        out.put("plan", plan);
        out.put("stages", job.stages().stream().map(s -> Map.of("stage", s.stage(), "ms", s.millis())).toList());
        out.put("total_ms", job.totalMillis());
        out.put("reused_existing_variant", job.reused());
        out.put("commit", job.commit());
        out.put("artifact", job.artifactId());
        out.put("validation_findings", job.findings());
        if (job.status() == JobStage.LIVE) {
            out.put("url", personalUrl(userId, job));
            catalog.variantOf(userId).ifPresent(v -> {
                Experiments.Route arm = experiments.arm(v.key(), userId);
                Map<String, Object> rollout = new LinkedHashMap<>();
                rollout.put("arm", arm.arm());
                rollout.put("served", arm.variant() ? v.planName() : "original");
                rollout.put("percent", arm.percent());
                experiments.rollout(v.key()).ifPresent(r -> {
                    rollout.put("status", r.status());
                    rollout.put("made_by_you", r.owner().equals(userId)); // never another visitor's id
                    rollout.put("reason", r.reason().replace(r.owner(), r.owner().equals(userId) ? "you" : "another visitor"));
                });
                out.put("rollout", rollout);
            });
        }
        if (job.error() != null) {
            out.put("error", job.error());
        }
        return out;
    }

    /** Where the visitor's variant can be opened: their own subdomain on the local edge, else the deployment's URL. */
    private String personalUrl(String userId, OptimizationJob job) {
        if (job.deploymentUrl() != null && job.deploymentUrl().contains(".localhost") && DNS_LABEL.matcher(userId).matches()) {
            return "http://" + userId + "-personalized." + edgeHost + ":" + edgePort + "/";
        }
        return job.deploymentUrl();
    }

    private static final List<JobStage> BEFORE_GENERATION = List.of(JobStage.QUEUED, JobStage.PLANNING);

    private static String generationStatus(OptimizationJob job) {
        if (BEFORE_GENERATION.contains(job.status())) {
            return "pending";
        }
        if (job.status() == JobStage.GENERATING) {
            return JobStage.GENERATING.wire();
        }
        if (job.reused()) {
            return "reused";
        }
        if (job.status() == JobStage.FAILED && job.generator() == null) {
            return JobStage.FAILED.wire();
        }
        return "complete";
    }

    private static String deploymentStatus(OptimizationJob job) {
        return switch (job.status()) {
            case LIVE, FAILED, DEPLOYING, BUILDING -> job.status().wire();
            default -> "pending";
        };
    }
}
