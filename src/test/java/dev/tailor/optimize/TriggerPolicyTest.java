package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.TailorConfig;
import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.profile.Profile;
import dev.tailor.store.sqlite.Database;
import dev.tailor.visitor.Persona;
import dev.tailor.store.sqlite.SqliteDecisionStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerPolicyTest {

    static final long NOW = 1_740_000_000_000L;
    static final long MINUTE = 60_000;
    static final Plan PLAN = new Plan("analytics_prominent", "analytics_visibility",
            List.of("Hero", "AnalyticsDashboard"), List.of(), Map.of(), "analytics-prominent", List.of("likes analytics"));
    static final Plan OTHER_PLAN = new Plan("content_rich", "content_depth",
            List.of("TechnicalDeepDive", "Hero"), List.of(), Map.of(), "content-rich", List.of("reads"));

    @TempDir
    Path dir;

    static TailorConfig.TriggerSettings settings(Map<String, String> env) {
        return TailorConfig.from(env).trigger();
    }

    static Profile profile(Persona persona, double confidence, long events) {
        return new Profile("u", Map.of("analytics", 0.9), 200, Map.of("analytics", 180.0), events, 2, 3, 0, 100, 0,
                "desktop", persona, confidence, "180 s of 200 s engaged time was on analytics", NOW);
    }

    static OptimizationJob job(Plan plan, JobStage status, long createdAt) {
        OptimizationJob queued = OptimizationJob.queued("j", "u", plan, PlanHasher.hash(plan),
                new OptimizationJob.Trigger("test", 0), createdAt);
        return status == JobStage.FAILED ? queued.failed("boom", createdAt)
                : status == JobStage.LIVE ? queued.entering(JobStage.LIVE, createdAt) : queued;
    }

    TriggerPolicy.Decision decide(TriggerPolicy policy, Profile p, Optional<OptimizationJob> job, Optional<String> current) {
        return policy.decide(p, Optional.of(PLAN), job, current, NOW);
    }

    @Test
    void aConfidentProfileWithEnoughEvidenceIsOptimizedAndTheReasonSaysWhy() {
        TriggerPolicy policy = new TriggerPolicy(settings(Map.of()));
        TriggerPolicy.Decision d = decide(policy, profile(Persona.DATA_FOCUSED, 0.8, 5), Optional.empty(), Optional.empty());
        assertThat(d.optimize()).isTrue();
        assertThat(d.reason()).isEqualTo("persona data_focused (confidence 0.80) calls for plan analytics_prominent ("
                + PlanHasher.hash(PLAN) + ")");
    }

    @Test
    void noPersonaMeansNoOptimization() {
        TriggerPolicy.Decision d = decide(new TriggerPolicy(settings(Map.of())), profile(Persona.NONE, 0, 50),
                Optional.empty(), Optional.empty());
        assertThat(d.optimize()).isFalse();
        assertThat(d.reason()).startsWith("no persona yet: 180 s of 200 s");
    }

    @Test
    void minimumEvidenceComesFromConfiguration() {
        Profile threeEvents = profile(Persona.DATA_FOCUSED, 0.9, 3);
        assertThat(decide(new TriggerPolicy(settings(Map.of())), threeEvents, Optional.empty(), Optional.empty()).optimize()).isTrue();

        TriggerPolicy.Decision d = decide(new TriggerPolicy(settings(Map.of("TAILOR_TRIGGER_MIN_EVENTS", "10"))),
                threeEvents, Optional.empty(), Optional.empty());
        assertThat(d.optimize()).isFalse();
        assertThat(d.reason()).isEqualTo("only 3 events so far; Tailor optimizes from 10 (TAILOR_TRIGGER_MIN_EVENTS)");
    }

    @Test
    void theConfidenceThresholdComesFromConfiguration() {
        Profile p = profile(Persona.DATA_FOCUSED, 0.55, 20);
        TriggerPolicy.Decision strict = decide(new TriggerPolicy(settings(Map.of())), p, Optional.empty(), Optional.empty());
        assertThat(strict.optimize()).isFalse();
        assertThat(strict.reason()).isEqualTo("confidence 0.55 is below 0.60");

        assertThat(decide(new TriggerPolicy(settings(Map.of("TAILOR_TRIGGER_CONFIDENCE", "0.5"))), p,
                Optional.empty(), Optional.empty()).optimize()).isTrue();
    }

    @Test
    void hysteresisNoReoptimizationWhileThePlanHashIsUnchanged() {
        TriggerPolicy policy = new TriggerPolicy(settings(Map.of()));
        Profile p = profile(Persona.DATA_FOCUSED, 0.9, 20);
        Optional<OptimizationJob> oldJob = Optional.of(job(PLAN, JobStage.LIVE, NOW - 60 * MINUTE));

        TriggerPolicy.Decision same = decide(policy, p, oldJob, Optional.of(PlanHasher.hash(PLAN)));
        assertThat(same.optimize()).isFalse();
        assertThat(same.reason()).isEqualTo("already on plan analytics_prominent (" + PlanHasher.hash(PLAN) + ")");

        // the profile now calls for a materially different plan: optimize again
        TriggerPolicy.Decision changed = decide(policy, p, oldJob, Optional.of(PlanHasher.hash(OTHER_PLAN)));
        assertThat(changed.optimize()).isTrue();
    }

    @Test
    void aRunningJobIsNotDuplicated() {
        TriggerPolicy.Decision d = decide(new TriggerPolicy(settings(Map.of())), profile(Persona.DATA_FOCUSED, 0.9, 20),
                Optional.of(job(PLAN, JobStage.QUEUED, NOW - 1000)), Optional.empty());
        assertThat(d.optimize()).isFalse();
        assertThat(d.reason()).isEqualTo("an optimization is already running (queued)");
    }

    @Test
    void coolDownPerUserComesFromConfiguration() {
        Profile p = profile(Persona.DATA_FOCUSED, 0.9, 20);
        Optional<OptimizationJob> failedFiveMinutesAgo = Optional.of(job(PLAN, JobStage.FAILED, NOW - 5 * MINUTE));

        TriggerPolicy.Decision cooling = decide(new TriggerPolicy(settings(Map.of())), p, failedFiveMinutesAgo, Optional.empty());
        assertThat(cooling.optimize()).isFalse();
        assertThat(cooling.reason()).isEqualTo("cool-down: last optimization 300 s ago, less than 600 s");

        assertThat(decide(new TriggerPolicy(settings(Map.of("TAILOR_TRIGGER_COOLDOWN", "4m"))), p, failedFiveMinutesAgo,
                Optional.empty()).optimize()).isTrue();
    }

    @Test
    void theGlobalHourlyBudgetIsEnforcedAndRefillsAfterAnHour() {
        TriggerPolicy policy = new TriggerPolicy(settings(Map.of("TAILOR_OPTIMIZATIONS_PER_HOUR", "2")));
        Profile p = profile(Persona.DATA_FOCUSED, 0.9, 20);

        assertThat(policy.decide(p, Optional.of(PLAN), Optional.empty(), Optional.empty(), NOW).optimize()).isTrue();
        assertThat(policy.decide(p, Optional.of(PLAN), Optional.empty(), Optional.empty(), NOW + MINUTE).optimize()).isTrue();
        TriggerPolicy.Decision spent = policy.decide(p, Optional.of(PLAN), Optional.empty(), Optional.empty(), NOW + 2 * MINUTE);
        assertThat(spent.optimize()).isFalse();
        assertThat(spent.reason()).isEqualTo("hourly budget of 2 optimizations is spent");

        assertThat(policy.decide(p, Optional.of(PLAN), Optional.empty(), Optional.empty(), NOW + 61 * MINUTE).optimize()).isTrue();
    }

    @Test
    void matchingAVisitorToAVariantThatIsAlreadyLiveCostsNoBudget() {
        TriggerPolicy policy = new TriggerPolicy(settings(Map.of("TAILOR_OPTIMIZATIONS_PER_HOUR", "1")));
        Profile p = profile(Persona.DATA_FOCUSED, 0.9, 20);
        assertThat(policy.decide(p, Optional.of(PLAN), Optional.empty(), Optional.empty(), NOW).code()).isEqualTo("optimize");
        for (int i = 1; i <= 5; i++) {
            TriggerPolicy.Decision match = policy.decide(p, Optional.of(PLAN), Optional.empty(), Optional.empty(), true, NOW + i);
            assertThat(match.optimize()).isTrue();
            assertThat(match.code()).isEqualTo("match");
            assertThat(match.reason()).endsWith("already live: matched to it");
        }
        assertThat(policy.decide(p, Optional.of(OTHER_PLAN), Optional.empty(), Optional.empty(), false, NOW + 10).reason())
                .isEqualTo("hourly budget of 1 optimizations is spent");
    }

    @Test
    void decisionsAreRecordedWithTheirReasonAndSurviveARestartIncludingTheSpentBudget() {
        Path file = dir.resolve("tailor.db");
        TailorConfig.TriggerSettings oneAnHour = settings(Map.of("TAILOR_OPTIMIZATIONS_PER_HOUR", "1"));
        Profile p = profile(Persona.DATA_FOCUSED, 0.9, 20);
        try (Database db = Database.open(file)) {
            DecisionLog log = new DecisionLog(new SqliteDecisionStore(db));
            TriggerPolicy policy = new TriggerPolicy(oneAnHour, log.optimizationsSince(NOW - 3_600_000));
            log.record("u", decide(policy, profile(Persona.NONE, 0, 1), Optional.empty(), Optional.empty()), NOW - 2000);
            log.record("u", decide(policy, profile(Persona.NONE, 0, 2), Optional.empty(), Optional.empty()), NOW - 1000);
            log.record("u", decide(policy, p, Optional.empty(), Optional.empty()), NOW);
            log.close(); // as the optimizer does when Tailor stops: what waits is written
        }

        try (Database db = Database.open(file)) {
            DecisionLog log = new DecisionLog(new SqliteDecisionStore(db));
            List<DecisionLog.Entry> entries = log.recentFor("u", 10);
            assertThat(entries).extracting(DecisionLog.Entry::outcome).containsExactly("optimize", "skip");
            assertThat(entries.get(0).reason()).startsWith("persona data_focused (confidence 0.90) calls for plan analytics_prominent");
            assertThat(entries.get(1).reason()).startsWith("no persona yet"); // the repeated skip is stored once
            assertThat(entries.get(0).decidedAt()).isEqualTo(NOW);

            // after the restart the hour's budget is still spent
            TriggerPolicy restarted = new TriggerPolicy(oneAnHour, log.optimizationsSince(NOW + MINUTE - 3_600_000));
            TriggerPolicy.Decision d = restarted.decide(p, Optional.of(OTHER_PLAN), Optional.empty(), Optional.empty(), NOW + MINUTE);
            assertThat(d.reason()).isEqualTo("hourly budget of 1 optimizations is spent");
        }
    }

    @Test
    void aRunOfSkipsForTheSameKindOfReasonIsStoredOnceWhateverItsNumbers() {
        try (Database db = Database.open(dir.resolve("r.db"))) {
            DecisionLog log = new DecisionLog(new SqliteDecisionStore(db));
            log.record("u", TriggerPolicy.Decision.skip("too_few_events", "only 1 event so far"), NOW);
            log.record("u", TriggerPolicy.Decision.skip("too_few_events", "only 2 events so far"), NOW + 1);
            log.record("u", TriggerPolicy.Decision.skip("low_confidence", "confidence 0.40 is below 0.60"), NOW + 2);
            assertThat(log.recentFor("u", 10)).extracting(DecisionLog.Entry::reason)
                    .containsExactly("confidence 0.40 is below 0.60", "only 1 event so far");
        }
    }

    @Test
    void everyDecisionToOptimizeIsRecordedEvenWhenWordedLikeThePrevious() {
        try (Database db = Database.open(dir.resolve("d.db"))) {
            DecisionLog log = new DecisionLog(new SqliteDecisionStore(db));
            TriggerPolicy.Decision optimize = new TriggerPolicy.Decision(true, "optimize", "persona data_focused calls for plan x");
            log.record("u", optimize, NOW);
            log.record("u", optimize, NOW + 20 * MINUTE);
            assertThat(log.recentFor("u", 10)).hasSize(2);
            assertThat(log.optimizationsSince(NOW - 1)).containsExactly(NOW, NOW + 20 * MINUTE);
        }
    }

    @Test
    void aSkipIsWordedOnlyWhenTheLogWritesIt() {
        DecisionLog log = new DecisionLog(new InMemoryDecisionStore());
        java.util.concurrent.atomic.AtomicInteger worded = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<String> words = () -> "only " + worded.incrementAndGet() + " events so far";
        log.record("u", TriggerPolicy.Decision.skip("too_few_events", words), NOW);
        log.record("u", TriggerPolicy.Decision.skip("too_few_events", words), NOW + 1); // the same kind: not written
        log.flush();
        assertThat(worded).hasValue(1);
        assertThat(log.recentFor("u", 10)).extracting(DecisionLog.Entry::reason).containsExactly("only 1 events so far");

        TriggerPolicy.Decision lowConfidence = new TriggerPolicy(settings(Map.of()))
                .skipWithoutPlan(profile(Persona.DATA_FOCUSED, 0.123, 20)).orElseThrow();
        assertThat(lowConfidence.code()).isEqualTo("low_confidence");
        assertThat(lowConfidence.reason()).isEqualTo("confidence 0.12 is below 0.60").isSameAs(lowConfidence.reason());
    }
}
