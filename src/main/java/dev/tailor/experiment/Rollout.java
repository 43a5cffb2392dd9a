package dev.tailor.experiment;

/**
 * How far a variant has been rolled out to the visitors it was made for.
 *
 * <p>A variant is made when one visitor's profile calls for it (its owner, who always gets it);
 * every other visitor whose profile calls for the same plan is eligible. Of those, a stable
 * share — the stage's percent — get the variant (treatment) and the rest keep the original site
 * (control), until the numbers say to go further or to roll back.
 *
 * @param variantKey     {@code planHash@baseCommit}
 * @param variant        the plan's name, for people
 * @param owner          the visitor whose profile made the variant
 * @param percent        share of eligible visitors in treatment now
 * @param status         {@link RolloutStatus}
 * @param stageStartedAt when the current stage began (epoch ms)
 * @param reason         why it is where it is, in words
 * @param looks          how many times the current stage has been tested for a decline (see {@link RolloutPolicy})
 */
public record Rollout(String variantKey, String variant, String owner, int percent, RolloutStatus status, long stageStartedAt,
                      String reason, int looks) {

    public boolean rolledBack() {
        return status == RolloutStatus.ROLLED_BACK;
    }

    /** Rolled back or stopped: every visitor gets the original, until an admin re-tries it. */
    public boolean takenBack() {
        return status == RolloutStatus.ROLLED_BACK || status == RolloutStatus.STOPPED;
    }

    Rollout stopped(long now, String why) {
        return new Rollout(variantKey, variant, owner, percent, RolloutStatus.STOPPED, now, why, looks);
    }

    /** An admin's new attempt: the first stage again, judged only on visitors exposed from now on. */
    Rollout retried(int firstStage, long now, String why) {
        return new Rollout(variantKey, variant, owner, firstStage,
                firstStage >= 100 ? RolloutStatus.COMPLETE : RolloutStatus.ROLLING_OUT, now, why, 0);
    }

    Rollout promotedTo(int newPercent, boolean complete, long now, String why) {
        return new Rollout(variantKey, variant, owner, newPercent, complete ? RolloutStatus.COMPLETE : RolloutStatus.ROLLING_OUT, now, why, 0);
    }

    Rollout rolledBack(long now, String why) {
        return new Rollout(variantKey, variant, owner, percent, RolloutStatus.ROLLED_BACK, now, why, looks);
    }

    Rollout looked(int newLooks) {
        return new Rollout(variantKey, variant, owner, percent, status, stageStartedAt, reason, newLooks);
    }

    Rollout ownedBy(String newOwner, String newReason) {
        return new Rollout(variantKey, variant, newOwner, percent, status, stageStartedAt, newReason, looks);
    }
}
