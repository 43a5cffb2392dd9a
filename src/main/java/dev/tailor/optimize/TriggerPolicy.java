package dev.tailor.optimize;

import dev.tailor.config.TailorConfig.TriggerSettings;
import dev.tailor.plan.Plan;
import dev.tailor.plan.PlanHasher;
import dev.tailor.profile.Profile;
import dev.tailor.visitor.Persona;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides whether a profile change is worth an optimization: enough evidence, enough
 * confidence, no job already running, the user not in cool-down, a plan that differs from the
 * one they already have (hysteresis), and the hourly budget not spent.
 */
public final class TriggerPolicy {

    /**
     * The outcome and its reason.
     *
     * @param code    the kind of reason, stable while its numbers change ({@code too_few_events}, {@code cooldown}, …)
     * @param wording the reason in words, with the numbers, worded when {@link #reason} is read: the trigger
     *                decides on every stored event, and the log keeps only the first of a run of skips of one
     *                kind, so most reasons are never read (JFR: their String.format was a fifth of the trigger)
     */
    public record Decision(boolean optimize, String code, Supplier<String> wording) {
        public Decision {
            wording = wording instanceof Once ? wording : new Once(wording);
        }

        public Decision(boolean optimize, String code, String reason) {
            this(optimize, code, () -> reason);
        }

        /** The reason in words, with the numbers. */
        public String reason() {
            return wording.get();
        }

        /** A decision to route the visitor to a variant made (or being made) for another visitor. */
        public boolean match() {
            return optimize && MATCH.equals(code);
        }

        public static Decision skip(String code, String reason) {
            return new Decision(false, code, reason);
        }

        /** A skip whose reason is worded only if it is read. */
        public static Decision skip(String code, Supplier<String> wording) {
            return new Decision(false, code, wording);
        }

        // equal by what they say, not by the function that words it
        @Override
        public boolean equals(Object other) {
            return other instanceof Decision d && d.optimize == optimize && d.code.equals(code) && d.reason().equals(reason());
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(optimize, code, reason());
        }

        @Override
        public String toString() {
            return "Decision[optimize=" + optimize + ", code=" + code + ", reason=" + reason() + "]";
        }
    }

    /** Words a reason at most once, however often it is read (the log and the job both read an optimization's). */
    private static final class Once implements Supplier<String> {
        private final Supplier<String> words;
        private volatile String text;

        Once(Supplier<String> words) {
            this.words = java.util.Objects.requireNonNull(words);
        }

        @Override
        public String get() {
            String worded = text;
            if (worded == null) {
                worded = words.get();
                text = worded;
            }
            return worded;
        }
    }

    /** What the plan a profile calls for already has on the current base. */
    public enum PlanVariant {
        /** nothing: a visitor calling for it makes it (and spends the hourly budget) */
        NONE,
        /** a job of this node is making its variant: the visitor waits for it and is matched to it */
        BEING_MADE,
        /** its variant is live: the visitor is only matched to it */
        LIVE
    }

    private static final long HOUR_MS = 3_600_000;
    private static final String MATCH = "match";

    private final TriggerSettings settings;
    private final Deque<Long> startsInLastHour = new ArrayDeque<>();

    public TriggerPolicy(TriggerSettings settings) {
        this(settings, List.of());
    }

    /**
     * @param recentStarts when the optimizations of the last hour started (from the
     *                     {@link DecisionLog}), so that a restart does not refill the hourly budget
     */
    public TriggerPolicy(TriggerSettings settings, List<Long> recentStarts) {
        this.settings = settings;
        recentStarts.stream().sorted().forEach(startsInLastHour::addLast);
    }

    /**
     * @param plan            the plan the profile calls for now, if any
     * @param latestJob       the user's newest job, if any
     * @param currentPlanHash the plan hash of the variant the user is routed to now, if any
     */
    public Decision decide(Profile profile, Optional<Plan> plan, Optional<OptimizationJob> latestJob,
                           Optional<String> currentPlanHash, long now) {
        return decide(profile, plan, latestJob, currentPlanHash, false, now);
    }

    /**
     * @param variantLive the plan's variant is already live on this base: the visitor would only be
     *                    matched to it, which costs nothing, so the hourly budget does not apply
     */
    public Decision decide(Profile profile, Optional<Plan> plan, Optional<OptimizationJob> latestJob,
                           Optional<String> currentPlanHash, boolean variantLive, long now) {
        return decide(profile, plan, latestJob, currentPlanHash, variantLive ? PlanVariant.LIVE : PlanVariant.NONE, now);
    }

    /**
     * @param variant what the plan already has: a visitor of a plan whose variant is live or being
     *                made is matched to it, which costs no generation, so the hourly budget does not apply
     */
    public Decision decide(Profile profile, Optional<Plan> plan, Optional<OptimizationJob> latestJob,
                           Optional<String> currentPlanHash, PlanVariant variant, long now) {
        return decide(profile, plan, plan.map(PlanHasher::hash).orElse(null), latestJob, currentPlanHash, variant, now);
    }

    /**
     * The skip that needs no plan (no persona, too few events, too little confidence), or empty when
     * the decision depends on the plan: the trigger plans only for a visitor past these.
     */
    public Optional<Decision> skipWithoutPlan(Profile profile) {
        if (profile.persona() == Persona.NONE) {
            return Optional.of(Decision.skip("no_persona", () -> "no persona yet: " + profile.explanation()));
        }
        if (profile.events() < settings.minEvents()) {
            return Optional.of(Decision.skip("too_few_events", () -> "only " + profile.events()
                    + (profile.events() == 1 ? " event" : " events")
                    + " so far; Tailor optimizes from " + settings.minEvents() + " (TAILOR_TRIGGER_MIN_EVENTS)"));
        }
        if (profile.confidence() < settings.minConfidence()) {
            return Optional.of(Decision.skip("low_confidence", () -> "confidence " + Decimals.two(profile.confidence())
                    + " is below " + Decimals.two(settings.minConfidence())));
        }
        return Optional.empty();
    }

    /**
     * @param planHash the plan's {@link PlanHasher#hash}, computed once by the caller (null without a plan)
     */
    public Decision decide(Profile profile, Optional<Plan> plan, String planHash, Optional<OptimizationJob> latestJob,
                           Optional<String> currentPlanHash, PlanVariant variant, long now) {
        Optional<Decision> withoutPlan = skipWithoutPlan(profile);
        if (withoutPlan.isPresent()) {
            return withoutPlan.get();
        }
        if (plan.isEmpty()) {
            return Decision.skip("no_plan", () -> "the site has no sections to emphasize for " + kind(profile) + " " + profile.persona());
        }
        if (latestJob.isPresent() && !latestJob.get().finished()) {
            return Decision.skip("job_running", () -> "an optimization is already running (" + latestJob.get().status() + ")");
        }
        if (currentPlanHash.isPresent() && currentPlanHash.get().equals(planHash)) {
            return Decision.skip("same_plan", () -> "already on plan " + plan.get().name() + " (" + planHash + ")");
        }
        if (latestJob.isPresent() && now - latestJob.get().createdAt() < settings.cooldown().toMillis()) {
            long since = now - latestJob.get().createdAt();
            return Decision.skip("cooldown", () -> "cool-down: last optimization " + since / 1000
                    + " s ago, less than " + settings.cooldown().toSeconds() + " s");
        }
        if (variant != PlanVariant.NONE) {
            return new Decision(true, MATCH, () -> callsFor(profile, plan.get(), planHash) + ", "
                    + (variant == PlanVariant.LIVE ? "already live: matched to it" : "being made: matched to it once live"));
        }
        // only the budget is shared between the trigger's threads: the rest reads what the caller passed
        synchronized (startsInLastHour) {
            while (!startsInLastHour.isEmpty() && startsInLastHour.peekFirst() <= now - HOUR_MS) {
                startsInLastHour.removeFirst();
            }
            if (startsInLastHour.size() >= settings.maxPerHour()) {
                return Decision.skip("budget_spent", "hourly budget of " + settings.maxPerHour() + " optimizations is spent");
            }
            startsInLastHour.addLast(now);
        }
        return new Decision(true, "optimize", () -> callsFor(profile, plan.get(), planHash));
    }

    /** "persona data_focused (confidence 0.80) calls for plan analytics_prominent (…)". */
    private static String callsFor(Profile profile, Plan plan, String planHash) {
        return kind(profile) + " " + profile.persona() + " (confidence " + Decimals.two(profile.confidence())
                + ") calls for plan " + plan.name() + " (" + planHash + ")";
    }

    /** "persona" for Tailor's built-in ones, "audience" for a site's own: the reasons name what the site named. */
    private static String kind(Profile profile) {
        return profile.persona() instanceof Persona ? "persona" : "audience";
    }
}
