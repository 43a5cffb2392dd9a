package dev.tailor.experiment;

import dev.tailor.experiment.RolloutPolicy.Arm;
import dev.tailor.experiment.RolloutPolicy.Verdict;
import dev.tailor.schedule.Leases;
import dev.tailor.visitor.RecentKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** The arm of a visitor in the global holdout: never personalized. */
    public static final String HOLDOUT = "holdout";
    /** The other side of the global holdout: visitors Tailor may personalize (whatever their rollouts then decide). */
    public static final String PERSONALIZED = "personalized";
    /** The exposures' variant key of the global holdout comparison, across every variant. */
    public static final String ALL_VARIANTS = "(all variants)";
    /**
     * The exposures' variant key (stage 0, arm {@value #AUTOMATED}) of visitors that showed automation:
     * they count in no arm of any rollout, nor in the holdout comparison (see {@link #flagAutomated}).
     */
    public static final String AUTOMATED_VISITORS = "(automated)";
    public static final String AUTOMATED = "automated";
    /** The salt of the holdout's bucket: independent of every variant's bucket. */
    private static final String HOLDOUT_SALT = "(global holdout)";

    /** How many recorded exposures are remembered in memory at most (about 200 bytes each). */
    static final int MAX_EXPOSURES_REMEMBERED = 200_000;

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
                         int simulatedVisitors, List<RolloutPolicy.MetricResult> metrics, SampleRatio.Check sampleRatio) {
    }

    /**
     * Personalization as a whole against the global holdout, on the primary metric: every eligible
     * visitor (not a variant's maker) from their first eligible page load, whatever their rollouts did.
     *
     * @param measured false without a holdout, or until both groups have visitors
     */
    public record HoldoutReport(double holdoutPercent, Metric metric, Arm personalized, Arm holdout,
                                RolloutPolicy.Comparison comparison, int simulatedVisitors, boolean measured) {
    }

    private final RolloutStore store;
    private final List<java.util.function.BiConsumer<String, RolloutStatus>> statusListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RolloutPolicy policy;
    private final RolloutMetrics metrics;
    private final Clock clock;
    private final Leases leases;
    private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
    /**
     * The exposures already recorded (variant, stage, visitor), so a page load queues only a first one. A
     * shortcut, bounded: one forgotten is queued again, and the store keeps only the first of each.
     */
    private final RecentKeys<Boolean> exposed = new RecentKeys<>(MAX_EXPOSURES_REMEMBERED);
    private final ConcurrentLinkedQueue<Exposure> pending = new ConcurrentLinkedQueue<>();
    private static final SnapshotSpacing SNAPSHOT_SPACING = SnapshotSpacing.DEFAULT;
    /** When each variant's last snapshot was taken (after a restart: none yet, so the first judgement takes one). */
    private final Map<String, Long> lastSnapshotAt = new ConcurrentHashMap<>();

    public Experiments(RolloutStore store, RolloutPolicy policy, Clock clock) {
        this(store, policy, RolloutMetrics.DEFAULT, clock, Leases.SINGLE_NODE);
    }

    /** On one node: every judgement is this node's. */
    public Experiments(RolloutStore store, RolloutPolicy policy, RolloutMetrics metrics, Clock clock) {
        this(store, policy, metrics, clock, Leases.SINGLE_NODE);
    }

    public Experiments(RolloutStore store, RolloutPolicy policy, Clock clock, Leases leases) {
        this(store, policy, RolloutMetrics.DEFAULT, clock, leases);
    }

    /**
     * @param metrics what rollouts are judged and reported on (the site's {@code "metrics"})
     * @param leases  rollouts are judged by the one node holding the lease {@code rollout-judgement}
     */
    public Experiments(RolloutStore store, RolloutPolicy policy, RolloutMetrics metrics, Clock clock, Leases leases) {
        this.leases = leases;
        this.store = store;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
        for (Rollout r : store.rollouts()) {
            rollouts.put(r.variantKey(), r);
        }
    }

    /** A new variant starts at the first stage, owned by the visitor whose profile made it. */
    public Rollout start(String variantKey, String variant, String owner) {
        return rollouts.computeIfAbsent(variantKey, key -> {
            int first = policy.stages().get(0);
            // no visitor id in the reason: rollout_history keeps every reason, and erasure must leave none there
            Rollout r = new Rollout(key, variant, owner, first, first >= 100 ? RolloutStatus.COMPLETE : RolloutStatus.ROLLING_OUT,
                    clock.millis(), "started at " + first + "% of eligible visitors; the visitor whose profile made it always gets it", 0);
            save(r, true);
            return r;
        });
    }

    /** Every rollout as this node knows it now. */
    public List<Rollout> rollouts() {
        return List.copyOf(rollouts.values());
    }

    public Optional<Rollout> rollout(String variantKey) {
        return Optional.ofNullable(rollouts.get(variantKey));
    }

    /** Whether this visitor, eligible for the variant, would get it now; records nothing (for the dashboard). */
    public boolean serves(String variantKey, String userId) {
        return arm(rollouts.get(variantKey), userId).variant();
    }

    /** Whether this visitor, eligible for the variant, gets it now; records the exposure (a page load). */
    public Route route(String variantKey, String userId) {
        Rollout r = rollouts.get(variantKey); // read once: a promotion meanwhile must not split arm and stage
        Route route = arm(r, userId);
        boolean owner = r != null && userId.equals(r.owner());
        if (!owner && holdoutShare() > 0 && exposed.add(exposureKey(ALL_VARIANTS, 0, userId), true)) {
            // intention to treat: every eligible visitor counts for personalization, whatever their rollout does
            pending.add(new Exposure(ALL_VARIANTS, 0, userId, inHoldout(userId) ? HOLDOUT : PERSONALIZED, clock.millis()));
        }
        boolean judged = r != null && !r.takenBack() && !owner && !route.arm().equals(HOLDOUT);
        if (judged && exposed.add(exposureKey(variantKey, r.percent(), userId), true)) {
            pending.add(new Exposure(variantKey, r.percent(), userId, route.arm(), clock.millis()));
        }
        return route;
    }

    /**
     * The visitor showed automation (a bot's or a script's user agent, a rate limit no browser's tracker
     * reaches): from now on they count in no arm of any rollout's stage, the stages before included, nor
     * for the holdout, so scripted visitors cannot decide a rollout. Their page loads are routed and their
     * events stored as anyone's. Nothing happens with {@code TAILOR_AUTOMATION_FILTER=off}.
     */
    public void flagAutomated(String userId) {
        if (policy.settings().excludeAutomation() && exposed.add(exposureKey(AUTOMATED_VISITORS, 0, userId), true)) {
            pending.add(new Exposure(AUTOMATED_VISITORS, 0, userId, AUTOMATED, clock.millis()));
        }
    }

    /**
     * The key of a remembered exposure: variant, stage (negative for a render fallback, as in
     * {@link Exposure#renderFallback}) and visitor, the visitor last so that erasure finds theirs.
     */
    private static String exposureKey(String variantKey, int stage, String userId) {
        return variantKey + '\n' + stage + '\n' + userId;
    }

    /** How many exposures are remembered in memory now (at most {@link #MAX_EXPOSURES_REMEMBERED}). */
    int exposuresRemembered() {
        return exposed.size();
    }

    /** How many visitors were flagged as automation and left out of every experiment. */
    public int automatedVisitors() {
        flushExposures();
        return store.visitorsWithIdPrefix(AUTOMATED_VISITORS, "");
    }

    /**
     * The variant failed to render in this visitor's browser: the edge served the original instead (the
     * browser's render-failure mark), or the tracker on the variant's page reported it ({@code render_error},
     * from Freestyle too). Counted once per visitor and stage, for the {@code render_fallbacks} guardrail
     * and for the rollback on render failures, which is decided at once: see {@link #rollBackOnRenderFailures}.
     */
    public void renderFailed(String variantKey, String userId) {
        Rollout r = rollouts.get(variantKey);
        if (r != null && !r.takenBack() && !userId.equals(r.owner()) && exposed.add(exposureKey(variantKey, -r.percent(), userId), true)) {
            pending.add(Exposure.renderFallback(variantKey, r.percent(), userId, clock.millis()));
            rollBackOnRenderFailures(variantKey);
        }
    }

    /**
     * Rolls the variant back when {@code TAILOR_ROLLBACK_RENDER_FAILURES} distinct visitors of its current
     * stage's treatment arm (automation left out, as in every arm), and at least half of that arm, failed to
     * render it: a page that does not render is no experiment, so no statistics are waited for. The half keeps
     * a working variant's rare failures (a browser extension, a bundle cut off by a bad network) from taking
     * it back; those the {@code render_fallbacks} guardrail weighs against control. One visitor counts once however often they
     * report. Judged on this node only while it holds the judgement lease; otherwise the next {@link #check}
     * of the node that holds it decides.
     */
    synchronized void rollBackOnRenderFailures(String variantKey) {
        flushExposures();
        Optional<Leases.Lease> lease = leases.tryAcquire("rollout-judgement");
        if (lease.isEmpty()) {
            return;
        }
        try (Leases.Lease held = lease.get()) {
            Rollout r = rollouts.get(variantKey);
            if (r != null) {
                rollBackIfRenderFailing(r, clock.millis());
            }
        }
    }

    /** Whether the rollout was rolled back for its render failures (see {@link #rollBackOnRenderFailures}). */
    private boolean rollBackIfRenderFailing(Rollout r, long now) {
        if (r.takenBack()) {
            return false;
        }
        ArmCounts treatment = store.metrics(r.variantKey(), r.percent(), r.stageStartedAt(), List.of(Metric.RENDER_FALLBACKS))
                .getOrDefault(TREATMENT, ArmCounts.EMPTY);
        int failing = treatment.reached(Metric.RENDER_FALLBACKS);
        int threshold = policy.settings().renderFailureVisitors();
        if (failing < threshold || failing * 2 < treatment.visitors()) {
            return false; // fewer fail than half: the render_fallbacks guardrail judges it against control
        }
        String why = "render failures: the variant failed to render in the browsers of " + failing + " of the "
                + treatment.visitors() + " visitors of its " + r.percent() + "% stage's treatment arm (at least "
                + threshold + " and half: TAILOR_ROLLBACK_RENDER_FAILURES=" + threshold + "); its visitors get the original site";
        apply(r.rolledBack(now, "rolled back: " + why));
        log.warn("rollout {} ({}) rolled back: {}", r.variant(), r.variantKey(), why);
        return true;
    }

    /** Which arm the visitor is in now, without recording anything (for the API). */
    public Route arm(String variantKey, String userId) {
        return arm(rollouts.get(variantKey), userId);
    }

    private Route arm(Rollout r, String userId) {
        boolean owner = r != null && userId.equals(r.owner());
        if (!owner && inHoldout(userId)) {
            return new Route(false, HOLDOUT, r == null ? 100 : r.percent());
        }
        if (r == null) {
            return new Route(true, TREATMENT, 100); // made before rollouts existed: fully rolled out
        }
        if (r.takenBack()) {
            return new Route(false, r.status().wire(), r.percent());
        }
        boolean treatment = owner || Bucketing.inTreatment(r.variantKey(), userId, r.percent());
        return new Route(treatment, treatment ? TREATMENT : CONTROL, r.percent());
    }

    /** Whether the visitor is in the global holdout: never personalized (a variant's maker excepted). */
    public boolean inHoldout(String userId) {
        return holdoutShare() > 0 && Bucketing.bucket(HOLDOUT_SALT, userId) < holdoutShare() * Bucketing.BUCKETS;
    }

    private double holdoutShare() {
        return policy.settings().holdoutPercent() / 100;
    }

    /** Whether a variant has been rolled back or stopped (its visitors get the original, wherever they come from). */
    public boolean rolledBack(String variantKey) {
        Rollout r = rollouts.get(variantKey);
        return r != null && r.takenBack();
    }

    /**
     * An admin tries a rolled-back or stopped variant again, deliberately: it starts over at the first
     * stage, judged only on visitors exposed from now on; its history keeps the earlier attempts.
     *
     * @throws IllegalArgumentException when there is no such rollout
     * @throws IllegalStateException    when it is not rolled back or stopped
     */
    public synchronized Rollout retry(String variantKey) {
        flushExposures();
        Rollout r = rollouts.get(variantKey);
        if (r == null) {
            throw new IllegalArgumentException("no rollout of variant " + variantKey);
        }
        if (!r.takenBack()) {
            throw new IllegalStateException("rollout of " + r.variant() + " is " + r.status().wire()
                    + ", not rolled back or stopped: only a variant taken back can be re-tried");
        }
        int first = policy.stages().get(0);
        Rollout retried = r.retried(first, clock.millis(), "re-tried by an admin at " + first + "% of eligible visitors"
                + " (before: " + r.status().wire() + ", " + r.reason() + ")");
        apply(retried);
        log.info("rollout {} ({}) re-tried by an admin at {}%", r.variant(), r.variantKey(), first);
        return retried;
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
            // a variant that does not render is taken back whatever its stage, complete ones too (and
            // render failures another node counted are seen here)
            if (r.takenBack() || rollBackIfRenderFailing(r, now) || r.status() != RolloutStatus.ROLLING_OUT) {
                continue;
            }
            Map<String, ArmCounts> arms = arms(r);
            Verdict verdict = policy.judge(r, metrics, arms.get(TREATMENT), arms.get(CONTROL), now).verdict();
            // a verdict ends the stage: its last numbers are kept whatever the spacing says
            snapshot(r, arms, now, verdict.action() != RolloutPolicy.Action.HOLD);
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
                case STOP -> {
                    apply(r.stopped(now, "stopped: " + verdict.reason()));
                    log.warn("rollout {} ({}) stopped: {}", r.variant(), r.variantKey(), verdict.reason());
                }
                case HOLD -> {
                    if (verdict.looks() != r.looks()) {
                        apply(r.looked(verdict.looks())); // a look spent stays spent, or the error budget would be spent again
                    }
                }
            }
        }
    }

    private void snapshot(Rollout r, Map<String, ArmCounts> arms, long now, boolean verdict) {
        Map<String, ArmCounts> counted = new java.util.HashMap<>(arms);
        counted.values().removeIf(a -> a.visitors() == 0); // nothing to draw yet
        if (counted.isEmpty() || !(verdict || SNAPSHOT_SPACING.due(r.stageStartedAt(), lastSnapshotAt.get(r.variantKey()), now))) {
            return;
        }
        store.saveSnapshot(new RolloutSnapshot(r.variantKey(), now, r.percent(), counted));
        lastSnapshotAt.put(r.variantKey(), now);
    }

    /** Every rollout with the numbers of its current stage, the latest stage first. */
    public List<Report> reports() {
        flushExposures();
        List<Report> out = new ArrayList<>();
        for (Rollout r : rollouts.values()) {
            out.add(report(r));
        }
        out.sort((a, b) -> Long.compare(b.rollout().stageStartedAt(), a.rollout().stageStartedAt()));
        return out;
    }

    /** One rollout with the numbers of its current stage, when there is such a rollout. */
    public Optional<Report> report(String variantKey) {
        flushExposures();
        return rollout(variantKey).map(this::report);
    }

    private Report report(Rollout r) {
        Map<String, ArmCounts> arms = arms(r);
        ArmCounts t = arms.get(TREATMENT);
        ArmCounts c = arms.get(CONTROL);
        List<RolloutPolicy.MetricResult> measured = policy.measure(metrics, t, c);
        RolloutPolicy.MetricResult primary = measured.get(0);
        return new Report(r, primary.treatment(), primary.control(), primary.comparison(), simulatedVisitors(r),
                measured, SampleRatio.check(t.visitors(), c.visitors(), r.percent() / 100.0));
    }

    /** The rollout's history, oldest first: its start, promotions, rollbacks, stops and re-tries. */
    public List<RolloutHistoryEntry> history(String variantKey) {
        return store.history(variantKey);
    }

    /** The numbers of the rollout's stages over time, oldest first (see {@link SnapshotSpacing}). */
    public List<RolloutSnapshot> snapshots(String variantKey) {
        return store.snapshots(variantKey);
    }

    /** Every metric of a snapshot's arms, measured as a stage's are: for charts of each arm over time. */
    public List<RolloutPolicy.MetricResult> measure(RolloutSnapshot snapshot) {
        return policy.measure(metrics, snapshot.arms().getOrDefault(TREATMENT, ArmCounts.EMPTY),
                snapshot.arms().getOrDefault(CONTROL, ArmCounts.EMPTY));
    }

    /** Personalization as a whole against the global holdout (see {@link HoldoutReport}). */
    public HoldoutReport holdout() {
        flushExposures();
        Map<String, ArmCounts> groups = store.metrics(ALL_VARIANTS, 0, 0, List.of(metrics.primary()));
        Arm personalized = groups.getOrDefault(PERSONALIZED, ArmCounts.EMPTY).on(metrics.primary());
        Arm holdout = groups.getOrDefault(HOLDOUT, ArmCounts.EMPTY).on(metrics.primary());
        boolean measured = holdoutShare() > 0 && personalized.visitors() > 0 && holdout.visitors() > 0;
        return new HoldoutReport(policy.settings().holdoutPercent(), metrics.primary(), personalized, holdout,
                RolloutPolicy.compare(personalized, holdout), store.visitorsWithIdPrefix(ALL_VARIANTS, SIMULATED_PREFIX), measured);
    }

    /** What rollouts are judged and reported on. */
    public RolloutMetrics metrics() {
        return metrics;
    }

    /**
     * Erasure: deletes the visitor's exposures and, where they made a variant, removes their id
     * from its rollout (the variant stays, owned by nobody); returns how many rows changed.
     */
    public synchronized int erase(String userId) {
        flushExposures();
        exposed.removeKeysIf(key -> key.endsWith('\n' + userId)); // the visitor ends every exposureKey
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

    /**
     * Calls {@code listener} with a variant's key and its rollout's new status whenever that status
     * changes here (a rollback, a re-try): a deployment outside Tailor follows it. It is called while
     * the rollouts are locked, so it must hand slow work to another thread.
     */
    public void onStatusChange(java.util.function.BiConsumer<String, RolloutStatus> listener) {
        statusListeners.add(listener);
    }

    private void apply(Rollout r) {
        Rollout before = rollouts.get(r.variantKey());
        // spending a look is bookkeeping, not an event of the rollout's history
        save(r, before == null || !before.looked(r.looks()).equals(r));
        rollouts.put(r.variantKey(), r);
        if (before != null && before.status() != r.status()) {
            for (var listener : statusListeners) {
                try {
                    listener.accept(r.variantKey(), r.status());
                } catch (RuntimeException e) {
                    log.warn("a listener of rollout {} failed: {}", r.variantKey(), e.toString());
                }
            }
        }
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

    /**
     * Visitors per arm in the rollout's current stage, and how many did each metric after their first
     * exposure. A stage being judged counts only exposures since it began (an admin's re-try starts
     * afresh); a rolled-back or stopped one, whose start is the verdict's time, shows every exposure
     * of its stage (after a re-try taken back again at the same stage, both attempts': each verdict's
     * own numbers stay in its reason, in the history).
     */
    private Map<String, ArmCounts> arms(Rollout r) {
        Map<String, ArmCounts> out = new java.util.HashMap<>(Map.of(TREATMENT, ArmCounts.EMPTY, CONTROL, ArmCounts.EMPTY));
        long since = r.takenBack() ? 0 : r.stageStartedAt();
        out.putAll(store.metrics(r.variantKey(), r.percent(), since, metrics.all()));
        return out;
    }
}
