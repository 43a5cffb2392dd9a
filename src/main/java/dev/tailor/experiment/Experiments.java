package dev.tailor.experiment;

import dev.tailor.experiment.RolloutPolicy.Arm;
import dev.tailor.experiment.RolloutPolicy.Verdict;
import dev.tailor.schedule.Leases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gradual rollout of every variant against a control group, and the automatic promotion or
 * rollback that follows from what the two arms did.
 *
 * <p>On a page load the edge asks {@link #route}: the variant's owner always gets it; another
 * eligible visitor gets it when their stable bucket falls within the stage's percent, and the
 * original site otherwise (control). Each visitor's first exposure per stage is recorded, and
 * {@link #check} judges every rolling-out variant on the goal conversions of its two arms since
 * then. Exposures are buffered in memory and written in one transaction per check (and at
 * shutdown), so routing never waits for the disk; a crash loses at most the exposures since the
 * last check.
 */
public final class Experiments implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Experiments.class);

    /** Visitor ids of simulated traffic ({@code tailor demo --simulate}); reports count them apart. */
    public static final String SIMULATED_PREFIX = "sim-";

    /** The owner of a variant whose maker was erased: no visitor has this id. */
    static final String ERASED_OWNER = "(erased)";

    public static final String TREATMENT = "treatment";
    public static final String CONTROL = "control";

    /** Where a page load goes, and why. */
    public record Route(boolean variant, String arm, int percent) {
    }

    /**
     * One rollout with the numbers of its current stage, for the dashboard.
     *
     * @param simulatedVisitors how many of the rollout's visitors, in any stage, are simulated: its numbers
     *                          and the decisions taken on them are not people's
     */
    public record Report(Rollout rollout, Arm treatment, Arm control, RolloutPolicy.Comparison comparison,
                         int simulatedVisitors) {
    }

    private final RolloutStore store;
    private final RolloutPolicy policy;
    private final Clock clock;
    private final Leases leases;
    private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
    private final Set<String> exposed = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Exposure> pending = new ConcurrentLinkedQueue<>();

    public Experiments(RolloutStore store, RolloutPolicy policy, Clock clock) {
        this(store, policy, clock, Leases.SINGLE_NODE);
    }

    /** @param leases rollouts are judged by the one node holding the lease {@code rollout-judgement} */
    public Experiments(RolloutStore store, RolloutPolicy policy, Clock clock, Leases leases) {
        this.leases = leases;
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        for (Rollout r : store.rollouts()) {
            rollouts.put(r.variantKey(), r);
        }
    }

    /** A new variant starts at the first stage, owned by the visitor whose profile made it. */
    public Rollout start(String variantKey, String variant, String owner) {
        return rollouts.computeIfAbsent(variantKey, key -> {
            int first = policy.stages().get(0);
            Rollout r = new Rollout(key, variant, owner, first, first >= 100 ? RolloutStatus.COMPLETE : RolloutStatus.ROLLING_OUT,
                    clock.millis(), "started at " + first + "% of eligible visitors; " + owner + " made it and always gets it", 0);
            save(r, true);
            return r;
        });
    }

    public Optional<Rollout> rollout(String variantKey) {
        return Optional.ofNullable(rollouts.get(variantKey));
    }

    /** Whether this visitor, eligible for the variant, gets it now; records the exposure (a page load). */
    public Route route(String variantKey, String userId) {
        Rollout r = rollouts.get(variantKey); // read once: a promotion meanwhile must not split arm and stage
        Route route = arm(r, userId);
        boolean judged = r != null && !r.rolledBack() && !userId.equals(r.owner());
        if (judged && exposed.add(variantKey + '\n' + r.percent() + '\n' + userId)) {
            pending.add(new Exposure(variantKey, r.percent(), userId, route.arm(), clock.millis()));
        }
        return route;
    }

    /** Which arm the visitor is in now, without recording anything (for the API). */
    public Route arm(String variantKey, String userId) {
        return arm(rollouts.get(variantKey), userId);
    }

    private static Route arm(Rollout r, String userId) {
        if (r == null) {
            return new Route(true, TREATMENT, 100); // made before rollouts existed: fully rolled out
        }
        if (r.rolledBack()) {
            return new Route(false, RolloutStatus.ROLLED_BACK.wire(), r.percent());
        }
        boolean treatment = userId.equals(r.owner()) || Bucketing.inTreatment(r.variantKey(), userId, r.percent());
        return new Route(treatment, treatment ? TREATMENT : CONTROL, r.percent());
    }

    /** Whether a variant has been rolled back (its visitors get the original, wherever they come from). */
    public boolean rolledBack(String variantKey) {
        Rollout r = rollouts.get(variantKey);
        return r != null && r.rolledBack();
    }

    /** Writes buffered exposures, then judges every rolling-out variant and promotes or rolls back. */
    public synchronized void check() {
        flushExposures();
        Optional<Leases.Lease> lease = leases.tryAcquire("rollout-judgement");
        if (lease.isEmpty()) {
            return; // another node sharing the store judges now, on every node's exposures
        }
        try (Leases.Lease held = lease.get()) {
            refresh(); // judge what is stored: another node may have judged last time
            judge();
        }
    }

    /**
     * Takes in the rollouts as stored (promotions and rollbacks decided on other nodes sharing the
     * store); rollouts are never deleted, so this only adds and replaces.
     */
    public synchronized void refresh() {
        for (Rollout r : store.rollouts()) {
            rollouts.put(r.variantKey(), r);
        }
    }

    private void judge() {
        long now = clock.millis();
        for (Rollout r : List.copyOf(rollouts.values())) {
            if (r.status() != RolloutStatus.ROLLING_OUT) {
                continue;
            }
            Map<String, Arm> arms = arms(r);
            Verdict verdict = policy.judge(r, arms.get(TREATMENT), arms.get(CONTROL), now);
            switch (verdict.action()) {
                case PROMOTE -> {
                    int next = policy.nextStage(r.percent());
                    Rollout promoted = r.promotedTo(next, next >= 100, now, verdict.reason() + "; now " + next + "%");
                    apply(promoted);
                    log.info("rollout {} ({}): {} → {}%: {}", r.variant(), r.variantKey(), r.percent(), next, verdict.reason());
                }
                case ROLL_BACK -> {
                    apply(r.rolledBack(now, "rolled back: " + verdict.reason()));
                    log.warn("rollout {} ({}) rolled back: {}", r.variant(), r.variantKey(), verdict.reason());
                }
                case HOLD -> { }
            }
        }
    }

    public List<Report> reports() {
        flushExposures();
        List<Report> out = new ArrayList<>();
        for (Rollout r : rollouts.values()) {
            Map<String, Arm> arms = arms(r);
            out.add(new Report(r, arms.get(TREATMENT), arms.get(CONTROL),
                    RolloutPolicy.compare(arms.get(TREATMENT), arms.get(CONTROL)), simulatedVisitors(r)));
        }
        out.sort((a, b) -> Long.compare(b.rollout().stageStartedAt(), a.rollout().stageStartedAt()));
        return out;
    }

    /**
     * Erasure: deletes the visitor's exposures and, where they made a variant, removes their id
     * from its rollout (the variant stays, owned by nobody); returns how many rows changed.
     */
    public synchronized int erase(String userId) {
        flushExposures();
        exposed.removeIf(key -> key.endsWith('\n' + userId));
        int changed = store.eraseExposures(userId);
        for (Rollout r : List.copyOf(rollouts.values())) {
            if (r.owner().equals(userId)) {
                apply(r.ownedBy(ERASED_OWNER, r.reason().replace(userId, "a visitor")));
                changed++;
            }
        }
        return changed;
    }

    /** Writes what is still buffered (at shutdown). */
    @Override
    public synchronized void close() {
        flushExposures();
    }

    private void apply(Rollout r) {
        Rollout before = rollouts.get(r.variantKey());
        // spending a look is bookkeeping, not an event of the rollout's history
        save(r, before == null || !before.looked(r.looks()).equals(r));
        rollouts.put(r.variantKey(), r);
    }

    private void save(Rollout r, boolean history) {
        store.save(r, history);
    }

    private void flushExposures() {
        List<Exposure> batch = new ArrayList<>();
        for (Exposure e; (e = pending.poll()) != null; ) {
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.recordExposures(batch);
        } catch (RuntimeException e) {
            pending.addAll(batch); // kept for the next flush: the exposures are already marked as recorded
            throw e;
        }
    }

    private int simulatedVisitors(Rollout r) {
        return store.visitorsWithIdPrefix(r.variantKey(), SIMULATED_PREFIX);
    }

    /** Visitors per arm in the rollout's current stage, and how many reached a goal after their first exposure. */
    private Map<String, Arm> arms(Rollout r) {
        Map<String, Arm> out = new java.util.HashMap<>(Map.of(TREATMENT, new Arm(0, 0), CONTROL, new Arm(0, 0)));
        out.putAll(store.arms(r.variantKey(), r.percent()));
        return out;
    }
}
