package dev.tailor.optimize;

import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.profile.Profile;
import dev.tailor.profile.ProfileEngine;
import dev.tailor.schedule.Leases;
import dev.tailor.variant.LiveVariant;
import dev.tailor.variant.VariantCatalog;
import dev.tailor.visitor.RecentKeys;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop between profiles and variants: every visitor whose profile changed is evaluated by
 * the trigger policy (off the ingest thread, in a bounded {@link TriggerQueue} that coalesces per
 * visitor and judges several visitors at once); a positive decision starts a job on the pipeline,
 * one job per plan at a time ({@link PlanLanes}). A visitor whose plan's variant is live, or being
 * made by a job of this node, is a match: it waits with the other matches of its plan and they are
 * routed together, in one write, when their plan's lane gets to them; so a flood of visitors calling
 * for one plan costs its lane a few writes, and the first visitor of another plan still gets a
 * worker at once.
 */
public final class Optimizer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Optimizer.class);

    private final ProfileEngine profiles;
    private final Planner planner;
    private final TriggerPolicy policy;
    private final DecisionLog decisions;
    private final JobStore jobs;
    private final VariantCatalog catalog;
    private final OptimizationPipeline pipeline;
    private final TriggerQueue triggerQueue;
    private final PlanLanes planLanes;
    private final Clock clock;
    private final Leases leases;
    /** One visitor is judged by one thread at a time (the queue and the API may both judge them). */
    private final Object[] visitorLocks = new Object[64];
    /** One visitor per plan decides and starts their job at a time (striped by plan key). */
    private final Object[] planLocks = new Object[64];
    /**
     * When each visitor was erased, so that a job started before it cannot bring their routing back; only
     * a job running at the erasure needs it, so the most recent {@value #ERASURES_REMEMBERED} are enough
     * (a visitor may erase themselves, and must not be able to grow this without end).
     */
    private final RecentKeys<Long> erasures = new RecentKeys<>(ERASURES_REMEMBERED);
    static final int ERASURES_REMEMBERED = 100_000;
    private final Map<String, OptimizationJob> latestJobs = new ConcurrentHashMap<>();
    /**
     * The matches waiting for their plan's lane, per plan key: a plan is a key from its first waiting
     * match until its lane takes them (one lane task per batch, however many visitors join it).
     */
    private final Map<String, List<Match>> waitingMatches = new java.util.HashMap<>();
    private int matchesWaiting;
    /** How many visitors are routed in one write at most: a short hold of the database lock each. */
    static final int MATCHES_PER_WRITE = 500;

    /** A visitor to route to their plan's variant: their job so far, the lease held for it, the change judged. */
    private record Match(OptimizationJob job, Leases.Lease lease, long storedAt) {
    }

    public Optimizer(ProfileEngine profiles, Planner planner, TriggerPolicy policy, DecisionLog decisions, JobStore jobs,
                     VariantCatalog catalog, OptimizationPipeline pipeline, TriggerQueue.Settings triggerQueue,
                     ThreadFactory evaluatorThreads, ExecutorService workers, Clock clock) {
        this(profiles, planner, policy, decisions, jobs, catalog, pipeline, triggerQueue, evaluatorThreads, workers, clock,
                Leases.SINGLE_NODE);
    }

    /**
     * @param leases a visitor's optimization runs on the one node holding the lease {@code optimize:<user>},
     *               from before its job is first saved until after it is finished
     */
    public Optimizer(ProfileEngine profiles, Planner planner, TriggerPolicy policy, DecisionLog decisions, JobStore jobs,
                     VariantCatalog catalog, OptimizationPipeline pipeline, TriggerQueue.Settings triggerQueue,
                     ThreadFactory evaluatorThreads, ExecutorService workers, Clock clock, Leases leases) {
        this.profiles = profiles;
        this.planner = planner;
        this.policy = policy;
        this.decisions = decisions;
        this.jobs = jobs;
        this.catalog = catalog;
        this.pipeline = pipeline;
        this.triggerQueue = new TriggerQueue(triggerQueue, evaluatorThreads, this::evaluate);
        this.planLanes = new PlanLanes(workers);
        for (int i = 0; i < visitorLocks.length; i++) {
            visitorLocks[i] = new Object();
            planLocks[i] = new Object();
        }
        this.clock = clock;
        this.leases = leases;
        // a job a crash interrupted will never finish: say so instead of showing it running forever
        // (a job whose lease is held is running on another node)
        for (OptimizationJob stuck : jobs.unfinished()) {
            leases.tryAcquire(leaseKey(stuck.userId())).ifPresent(lease -> {
                try (lease) {
                    jobs.save(stuck.failed("interrupted by a restart during " + stuck.status(), clock.millis()));
                }
            });
        }
        latestJobs.putAll(jobs.latestPerUser());
    }

    /**
     * Called with the visitors whose profiles newly stored events changed (on the event log's
     * writer thread: stays fast, the evaluation runs on the evaluator).
     */
    public void profilesChanged(Set<String> users) {
        long storedAt = clock.millis();
        for (String user : users) {
            triggerQueue.offer(user, storedAt);
        }
    }

    /** The trigger's backlog and the jobs waiting behind their plan's job, for {@code /api/metrics}. */
    public Backlog backlog() {
        int matches;
        synchronized (waitingMatches) {
            matches = matchesWaiting;
        }
        return new Backlog(triggerQueue.figures(), planLanes.figures(), matches);
    }

    /**
     * What waits for the trigger and for the workers.
     *
     * @param matches visitors waiting to be routed to their plan's variant, live or being made
     */
    public record Backlog(TriggerQueue.Figures trigger, PlanLanes.Figures plans, int matches) {
    }

    /**
     * Decides for the visitor now and starts a job when the policy says so.
     *
     * @return the decision, or empty when Tailor has no events for the visitor
     */
    public Optional<TriggerPolicy.Decision> evaluate(String userId) {
        Optional<TriggerPolicy.Decision> decision = evaluate(userId, -1);
        decisions.flush(); // asked for one visitor: their decision is on record when this returns
        return decision;
    }

    /** @param storedAt when the events that prompted this evaluation were stored, or -1 for an API request */
    private Optional<TriggerPolicy.Decision> evaluate(String userId, long storedAt) {
        synchronized (visitorLocks[Math.floorMod(userId.hashCode(), visitorLocks.length)]) {
            return evaluateAlone(userId, storedAt);
        }
    }

    private Optional<TriggerPolicy.Decision> evaluateAlone(String userId, long storedAt) {
        Optional<Profile> profile = profiles.profile(userId);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        // the trigger judges on every stored event: a skip that needs no plan (most of them) starts nothing, so
        // it takes no plan and no plan's lock, only its record; the same decision decide would take
        Optional<TriggerPolicy.Decision> withoutPlan = policy.skipWithoutPlan(profile.get());
        if (withoutPlan.isPresent()) {
            return Optional.of(decisions.record(userId, withoutPlan.get(), clock.millis()));
        }
        OptimizationPipeline.Base base = pipeline.base();
        // the plan's reasons only for a job (below): the trigger judges its layout
        Optional<Plan> plan = planner.layoutOnly(profile.get(), base.site());
        Optional<String> currentPlan = catalog.variantOf(userId).map(LiveVariant::planHash);
        long now = clock.millis();
        // a finished job on an older base says nothing about this base: no cool-down after the site changed
        Optional<OptimizationJob> latest = latestJob(userId).filter(j -> !j.finished() || j.baseCommit() == null
                || j.baseCommit().equals(base.commit()));
        String planHash = plan.map(PlanHasher::hash).orElse(null);
        String planKey = planHash + "@" + base.commit();
        // one visitor of a plan at a time from here to its job's lane: the second sees the first's job
        // making the variant and waits for it, instead of both spending the budget on one variant
        synchronized (planLocks[Math.floorMod(planKey.hashCode(), planLocks.length)]) {
            return decideAndStart(userId, storedAt, profile.get(), plan, currentPlan, latest, planHash, planKey, base, now);
        }
    }

    private Optional<TriggerPolicy.Decision> decideAndStart(String userId, long storedAt, Profile profile, Optional<Plan> plan,
                                                           Optional<String> currentPlan, Optional<OptimizationJob> latest,
                                                           String planHash, String planKey, OptimizationPipeline.Base base,
                                                           long now) {
        TriggerPolicy.Decision decision = policy.decide(profile, plan, planHash, latest, currentPlan,
                planVariant(planHash, planKey, base), now);
        Leases.Lease lease = null;
        if (decision.optimize()) {
            lease = leases.tryAcquire(leaseKey(userId)).orElse(null);
            if (lease == null) {
                decision = new TriggerPolicy.Decision(false, "other_node", "another Tailor node is optimizing this visitor now");
            } else {
                try {
                    decision = decideAgainIfAnotherNodeWasFaster(userId, profile, plan, planHash, planKey, base, latest,
                            decision, now);
                } catch (RuntimeException | Error e) {
                    lease.close();
                    throw e;
                }
            }
        }
        try {
            decision = decisions.record(userId, decision, now); // the shared hourly budget may say no
        } catch (RuntimeException | Error e) {
            if (lease != null) {
                lease.close();
            }
            throw e;
        }
        if (!decision.optimize()) {
            if (lease != null) {
                lease.close();
            }
            return Optional.of(decision);
        }
        // the plan with its reasons, as the job keeps it: the same layout as the one judged (the same profile)
        Plan withReasons = planner.plan(profile, base.site()).orElseThrow();
        OptimizationJob job = OptimizationJob.queued(UUID.randomUUID().toString(), userId, withReasons, planHash,
                new OptimizationJob.Trigger(decision.reason(), storedAt < 0 ? 0 : Math.max(0, now - storedAt)), now);
        Leases.Lease held = lease;
        if (decision.match()) {
            waitForMatching(planKey, new Match(job, held, storedAt));
            return Optional.of(decision);
        }
        try {
            publish(job);
            planLanes.submit(planKey, () -> {
                try (held) {
                    pipeline.run(job, this::publish);
                    // erased while the job ran: leave nothing behind
                    if (erasures.get(userId).filter(erasedAt -> job.createdAt() <= erasedAt).isPresent()) {
                        catalog.unassign(userId);
                        erase(userId);
                    }
                }
            });
        } catch (RuntimeException | Error e) {
            held.close();
            throw e;
        }
        return Optional.of(decision);
    }

    /** What the plan has on this base: a live variant, a job of this node making it, or neither. */
    private TriggerPolicy.PlanVariant planVariant(String planHash, String planKey, OptimizationPipeline.Base base) {
        if (planHash == null) {
            return TriggerPolicy.PlanVariant.NONE;
        }
        if (catalog.find(planHash, base.commit()).isPresent()) {
            return TriggerPolicy.PlanVariant.LIVE;
        }
        return planLanes.busy(planKey) ? TriggerPolicy.PlanVariant.BEING_MADE : TriggerPolicy.PlanVariant.NONE;
    }

    /**
     * Puts the match with the others of its plan; the first of a batch gives the plan's lane one task
     * that routes them all. Its job is known in memory at once (the trigger sees it running, the API
     * shows it queued) and is written when it is live.
     */
    private void waitForMatching(String planKey, Match match) {
        latestJobs.put(match.job().userId(), match.job());
        boolean first;
        synchronized (waitingMatches) {
            List<Match> batch = waitingMatches.get(planKey);
            first = batch == null;
            if (first) {
                batch = new java.util.ArrayList<>();
                waitingMatches.put(planKey, batch);
            }
            batch.add(match);
            matchesWaiting++;
        }
        if (first) {
            try {
                planLanes.submit(planKey, () -> matchWaiting(planKey));
            } catch (RuntimeException | Error e) { // stopping: the workers take nothing more
                for (Match m : takeWaiting(planKey)) {
                    latestJobs.remove(m.job().userId(), m.job());
                    m.lease().close();
                }
                throw e;
            }
        }
    }

    private List<Match> takeWaiting(String planKey) {
        synchronized (waitingMatches) {
            List<Match> batch = waitingMatches.remove(planKey);
            if (batch == null) {
                return List.of();
            }
            matchesWaiting -= batch.size();
            return batch;
        }
    }

    /** The plan's lane got to its waiting matches: routes them, {@value #MATCHES_PER_WRITE} per write. */
    private void matchWaiting(String planKey) {
        List<Match> batch = takeWaiting(planKey);
        for (int from = 0; from < batch.size(); from += MATCHES_PER_WRITE) {
            List<Match> chunk = batch.subList(from, Math.min(batch.size(), from + MATCHES_PER_WRITE));
            try {
                match(chunk);
            } finally {
                chunk.forEach(m -> m.lease().close());
            }
        }
    }

    private void match(List<Match> chunk) {
        List<OptimizationJob> queued = chunk.stream().map(Match::job).toList();
        Optional<List<OptimizationJob>> live;
        try {
            live = pipeline.matchAll(queued.get(0).planHash(), queued);
        } catch (RuntimeException e) {
            List<OptimizationJob> failed = queued.stream()
                    .map(j -> j.failed("internal error while matching to the plan's variant: " + e, clock.millis())).toList();
            failed.forEach(j -> latestJobs.put(j.userId(), j));
            jobs.saveAll(failed);
            return;
        }
        if (live.isEmpty()) {
            // the job making the plan's variant failed (or the base moved on): judged again, and the first
            // of them makes it (within the hourly budget), the others wait for that one
            for (Match m : chunk) {
                latestJobs.remove(m.job().userId(), m.job());
                triggerQueue.offer(m.job().userId(), m.storedAt() < 0 ? clock.millis() : m.storedAt());
            }
            return;
        }
        live.get().forEach(j -> latestJobs.put(j.userId(), j));
        jobs.saveAll(live.get());
        for (OptimizationJob job : live.get()) {
            // erased while waiting: leave nothing behind
            if (erasures.get(job.userId()).filter(erasedAt -> job.createdAt() <= erasedAt).isPresent()) {
                catalog.unassign(job.userId());
                erase(job.userId());
            }
        }
    }

    /**
     * The decision again when the store holds a newer job of the visitor than this node knew (another
     * node sharing the store finished one since): its cool-down and its variant count.
     */
    private TriggerPolicy.Decision decideAgainIfAnotherNodeWasFaster(String userId, Profile profile, Optional<Plan> plan,
                                                                    String planHash, String planKey,
                                                                    OptimizationPipeline.Base base,
                                                                    Optional<OptimizationJob> latest,
                                                                    TriggerPolicy.Decision decision, long now) {
        if (leases == Leases.SINGLE_NODE) {
            // no other node writes this store: the jobs in memory are all of them. Reading the store here
            // held the trigger's threads on the database lock the event log's group commits take (JFR)
            return decision;
        }
        Optional<OptimizationJob> stored = jobs.latestOf(userId);
        if (stored.isEmpty() || (latest.isPresent() && stored.get().id().equals(latest.get().id()))
                || stored.get().createdAt() < latest.map(OptimizationJob::createdAt).orElse(Long.MIN_VALUE)) {
            return decision;
        }
        latestJobs.put(userId, stored.get());
        catalog.refreshVariants();
        Optional<OptimizationJob> newest = latestJob(userId).filter(j -> !j.finished() || j.baseCommit() == null
                || j.baseCommit().equals(base.commit()));
        Optional<String> currentPlan = catalog.variantOf(userId).map(LiveVariant::planHash);
        return policy.decide(profile, plan, planHash, newest, currentPlan, planVariant(planHash, planKey, base), now);
    }

    private static String leaseKey(String userId) {
        return "optimize:" + userId;
    }

    /**
     * Takes in the jobs other nodes sharing the store saved since (the newest {@code limit}), so that
     * this node's API and trigger see them; a no-op on a store only this node writes.
     */
    public void catchUp(int limit) {
        for (OptimizationJob stored : jobs.recent(limit)) {
            latestJobs.merge(stored.userId(), stored, (mine, theirs) -> theirs.createdAt() > mine.createdAt()
                    || (theirs.id().equals(mine.id()) && theirs.updatedAt() > mine.updatedAt()) ? theirs : mine);
        }
    }

    /** The visitor's newest job, from memory: the trigger runs per event and must not wait for the store. */
    public Optional<OptimizationJob> latestJob(String userId) {
        return Optional.ofNullable(latestJobs.get(userId));
    }

    private void publish(OptimizationJob job) {
        latestJobs.put(job.userId(), job);
        jobs.save(job);
        if (job.finished() && !job.reused()) { // a match to a live variant is routine: the dashboard counts them
            log.info("optimization {} (job {}): {} in {} ms{}", job.plan().name(), job.id(), job.status(), job.totalMillis(),
                    job.error() == null ? "" : " (" + job.error() + ")");
        }
    }

    /** Forgets the visitor's jobs and decisions (erasure); a job of theirs still running is undone when it ends. */
    public Map<String, Integer> erase(String userId) {
        erasures.put(userId, clock.millis());
        latestJobs.remove(userId);
        triggerQueue.forget(userId);
        return Map.of("jobs", jobs.erase(userId), "trigger_decisions", decisions.erase(userId));
    }

    @Override
    public void close() {
        // evaluations already queued still run (they may start jobs and write decisions), so they are
        // awaited before the workers stop, and both before the stores close behind them
        try {
            triggerQueue.close();
            planLanes.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        decisions.close(); // after the last evaluation: what it decided is written
    }
}
