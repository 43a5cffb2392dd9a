package dev.tailor.optimize;

import dev.tailor.generate.validate.ValidationFinding;
import dev.tailor.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimization of one visitor, moving through
 * {@code queued → planning → generating → validating → building → committing → deploying → live}
 * (or {@code failed}, with the reason). Immutable: every transition makes a new value.
 *
 * @param stages   what each finished stage took
 * @param reused   the plan's variant already existed on this base: nothing was generated or deployed again
 */
public record OptimizationJob(
        String id,
        String userId,
        JobStage status,
        Plan plan,
        String planHash,
        Trigger trigger,
        List<StageTiming> stages,
        String generator,
        String model,
        double costUsd,
        List<ValidationFinding> findings,
        String baseCommit,
        String commit,
        String artifactId,
        String deploymentId,
        String deploymentUrl,
        boolean reused,
        String error,
        long createdAt,
        long updatedAt) {

    /**
     * Why the job started and how quickly.
     *
     * @param reason    the trigger policy's reason
     * @param latencyMs from the moment the events that tipped the decision were stored to the job being queued
     *                  (0 when it was asked for through the API)
     */
    public record Trigger(String reason, long latencyMs) {
    }

    /** How long one stage took. */
    public record StageTiming(JobStage stage, long millis) {
    }

    public OptimizationJob {
        stages = List.copyOf(stages);
        findings = List.copyOf(findings);
    }

    public static OptimizationJob queued(String id, String userId, Plan plan, String planHash, Trigger trigger, long now) {
        return new OptimizationJob(id, userId, JobStage.QUEUED, plan, planHash, trigger, List.of(), null, null, 0, List.of(),
                null, null, null, null, null, false, null, now, now);
    }

    public boolean finished() {
        return status.finished();
    }

    public long totalMillis() {
        return stages.stream().mapToLong(StageTiming::millis).sum();
    }

    public OptimizationJob entering(JobStage stage, long now) {
        return new OptimizationJob(id, userId, stage, plan, planHash, trigger, stages, generator, model, costUsd, findings,
                baseCommit, commit, artifactId, deploymentId, deploymentUrl, reused, error, createdAt, now);
    }

    public OptimizationJob finishedStage(JobStage stage, long millis, long now) {
        List<StageTiming> more = new ArrayList<>(stages);
        more.add(new StageTiming(stage, millis));
        return new OptimizationJob(id, userId, status, plan, planHash, trigger, more, generator, model, costUsd, findings,
                baseCommit, commit, artifactId, deploymentId, deploymentUrl, reused, error, createdAt, now);
    }

    public OptimizationJob generated(String generator, String model, double costUsd) {
        return new OptimizationJob(id, userId, status, plan, planHash, trigger, stages, generator, model, costUsd, findings,
                baseCommit, commit, artifactId, deploymentId, deploymentUrl, reused, error, createdAt, updatedAt);
    }

    public OptimizationJob validated(List<ValidationFinding> findings) {
        return new OptimizationJob(id, userId, status, plan, planHash, trigger, stages, generator, model, costUsd, findings,
                baseCommit, commit, artifactId, deploymentId, deploymentUrl, reused, error, createdAt, updatedAt);
    }

    public OptimizationJob committed(String baseCommit, String commit) {
        return new OptimizationJob(id, userId, status, plan, planHash, trigger, stages, generator, model, costUsd, findings,
                baseCommit, commit, artifactId, deploymentId, deploymentUrl, reused, error, createdAt, updatedAt);
    }

    public OptimizationJob built(String artifactId) {
        return new OptimizationJob(id, userId, status, plan, planHash, trigger, stages, generator, model, costUsd, findings,
                baseCommit, commit, artifactId, deploymentId, deploymentUrl, reused, error, createdAt, updatedAt);
    }

    public OptimizationJob deployed(String deploymentId, String deploymentUrl, boolean reused) {
        return new OptimizationJob(id, userId, status, plan, planHash, trigger, stages, generator, model, costUsd, findings,
                baseCommit, commit, artifactId, deploymentId, deploymentUrl, reused, error, createdAt, updatedAt);
    }

    public OptimizationJob failed(String reason, long now) {
        return new OptimizationJob(id, userId, JobStage.FAILED, plan, planHash, trigger, stages, generator, model, costUsd, findings,
                baseCommit, commit, artifactId, deploymentId, deploymentUrl, reused, reason, createdAt, now);
    }
}
