package dev.tailor.profile;

import dev.tailor.config.TailorConfig.ProfileSettings;
import dev.tailor.track.TrackEvent;
import dev.tailor.visitor.Persona;
import dev.tailor.visitor.RecentKeys;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every visitor's profile up to date in memory, one event at a time (no recompute from
 * the log on the hot path). Everything is derived from event times, never from the wall clock,
 * so replaying the log rebuilds exactly the same profiles.
 */
public final class ProfileEngine {

    private final ProfileSettings settings;
    private final SectionTopics topics;
    private final PersonaClassifier classifier;
    /** Null when the site defines no audiences of its own and the built-in personas apply. */
    private final AudienceClassifier audienceClassifier;
    private final UnmappedSections unmapped = new UnmappedSections();
    /**
     * Visitors held in memory, least recently used first; beyond {@link #maxVisitors} the eldest is
     * forgotten (its events stay in the store) and rebuilt from the store when they return.
     */
    private final LinkedHashMap<String, VisitorState> visitors;
    private final int maxVisitors;
    /** Who was forgotten to make room (not erased): their next events rebuild them from the store first. */
    private final RecentKeys<Boolean> evicted;
    /** A visitor's stored events, oldest first: the event log, wired once it exists (it needs this engine first). */
    private volatile Function<String, List<TrackEvent>> history = user -> List.of();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    /** Told which visitors' profiles an event changed. */
    @FunctionalInterface
    public interface ChangeListener {
        /** Called on the event log's writer thread: stays fast and hands real work elsewhere. */
        void profilesChanged(Set<String> userIds);
    }

    /** How many visitors' profiles are held in memory (about 1 KB each: 100 MB). */
    public static final int MAX_VISITORS_IN_MEMORY = 100_000;

    public ProfileEngine(ProfileSettings settings, SectionTopics topics) {
        this(settings, topics, MAX_VISITORS_IN_MEMORY);
    }

    public ProfileEngine(ProfileSettings settings, SectionTopics topics, int maxVisitors) {
        if (maxVisitors < 1) {
            throw new IllegalArgumentException("maxVisitors must be at least 1, not " + maxVisitors);
        }
        this.maxVisitors = maxVisitors;
        this.visitors = new LinkedHashMap<>(16, 0.75f, true);
        // ten times the visitors held: a visitor gone longer than that comes back with a fresh profile
        this.evicted = new RecentKeys<>(Math.max(1_000, maxVisitors * 10));
        this.settings = settings;
        this.topics = topics;
        this.classifier = new PersonaClassifier(settings);
        this.audienceClassifier = topics.audiences().isEmpty() ? null : new AudienceClassifier(topics.audiences(), classifier);
    }

    /** Where a visitor forgotten to make room is rebuilt from when they return: their stored events. */
    public void rebuildFrom(Function<String, List<TrackEvent>> storedEventsOf) {
        this.history = storedEventsOf;
    }

    /** Subscribes to profile changes (the optimizer does, to judge the visitors whose profile moved). */
    public void subscribe(ChangeListener listener) {
        listeners.add(listener);
    }

    /**
     * Applies newly stored events, in log order, and then tells the subscribers whose profiles
     * changed. The event log calls this with every group it stored.
     */
    public void onStored(List<TrackEvent> events) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> rebuilt = new HashSet<>();
        // a batch is mostly one visitor's events in a row: such a run is looked up, locked and marked changed once
        // (after its last event, so that a write-behind draining meanwhile still writes the whole run)
        for (int from = 0, to; from < events.size(); from = to) {
            String user = events.get(from).userId();
            to = from + 1;
            while (to < events.size() && events.get(to).userId().equals(user)) {
                to++;
            }
            if (users.add(user) && evicted.remove(user).isPresent()) {
                // forgotten to make room: the store already holds this group too, so it is all replayed from there
                history.apply(user).forEach(this::apply);
                rebuilt.add(user);
            }
            if (!rebuilt.contains(user)) {
                applyRun(stateOf(user), events.subList(from, to));
                changed.add(user);
            }
        }
        Set<String> changedUsers = Collections.unmodifiableSet(users);
        for (ChangeListener listener : listeners) {
            listener.profilesChanged(changedUsers);
        }
    }

    public void apply(TrackEvent event) {
        applyTo(stateOf(event.userId()), event);
        changed.add(event.userId());
    }

    /** The visitor's state in memory, made (and the eldest forgotten beyond the bound) when they have none. */
    private VisitorState stateOf(String userId) {
        synchronized (visitors) {
            VisitorState state = visitors.get(userId);
            if (state == null) {
                state = new VisitorState();
                visitors.put(userId, state);
                evictEldest();
            }
            return state;
        }
    }

    /** One visitor's events in order, under one hold of their state's lock. */
    private void applyRun(VisitorState state, List<TrackEvent> run) {
        synchronized (state) {
            for (TrackEvent event : run) {
                applyTo(state, event);
            }
        }
    }

    private void applyTo(VisitorState state, TrackEvent event) {
        List<String> sectionTopics = topics.topicsIfKnown(event.section());
        if (sectionTopics == null) {
            if (event.timeSpent() > 0 && event.section() != null) {
                unmapped.record(event.section());
            }
            sectionTopics = List.of();
        }
        state.apply(event, sectionTopics, settings);
    }

    /**
     * The visitors whose profile changed (or was forgotten) since the last call; the
     * {@link ProfileWriteBehind} writes those behind.
     */
    public Set<String> drainChanged() {
        Set<String> out = new HashSet<>();
        for (String user : changed) {
            changed.remove(user);
            out.add(user);
        }
        return out;
    }

    /** Marks visitors as changed again (a write-behind that failed will be retried). */
    void markChanged(Collection<String> users) {
        changed.addAll(users);
    }

    /**
     * After a replay of the whole log (in log order): a visitor forgotten to make room and seen again
     * later in the log holds only their later events, so they are dropped and rebuilt from the store
     * when they return.
     */
    public void dropPartialAfterReplay() {
        synchronized (visitors) {
            visitors.keySet().removeIf(user -> evicted.get(user).isPresent());
        }
    }

    /** Called holding the lock on {@link #visitors}. */
    private void evictEldest() {
        while (visitors.size() > maxVisitors) {
            Iterator<String> eldest = visitors.keySet().iterator();
            evicted.put(eldest.next(), true);
            eldest.remove();
        }
    }

    /**
     * The visitor's profile; one forgotten to make room is computed from their stored events (and
     * not held again: only their next events bring them back into memory).
     */
    public Optional<Profile> profile(String userId) {
        VisitorState state;
        synchronized (visitors) {
            state = visitors.get(userId);
        }
        if (state == null && evicted.get(userId).isPresent()) {
            VisitorState rebuilt = new VisitorState();
            history.apply(userId).forEach(e -> rebuilt.apply(e, topics, settings));
            state = rebuilt.events == 0 ? null : rebuilt;
        }
        return state == null ? Optional.empty() : Optional.of(state.snapshot(userId, topics, classifier, audienceClassifier));
    }

    /** Section names events reported engaged time on that the site's contract does not map, with counts. */
    public Map<String, Long> unmappedSections() {
        return unmapped.counts();
    }

    /** The visitors held in memory now. */
    public List<String> userIds() {
        synchronized (visitors) {
            return List.copyOf(visitors.keySet());
        }
    }

    /** How many visitors are held in memory now. */
    public int size() {
        synchronized (visitors) {
            return visitors.size();
        }
    }

    /** Drops the visitor's profile (erasure, or a rebuild that follows): not to be rebuilt from the store. */
    public boolean forget(String userId) {
        changed.add(userId);
        evicted.remove(userId);
        synchronized (visitors) {
            return visitors.remove(userId) != null;
        }
    }

    /** The running state of one visitor; guarded by its own lock. */
    private static final class VisitorState {
        private static final double BOUNCE_SECONDS = 10;

        private final Map<String, Double> decayedTopic = new HashMap<>();
        private final Map<String, Double> rawTopic = new TreeMap<>();
        private double decayedTotal;
        private double rawTotal;
        private long decayedAt = Long.MIN_VALUE;

        private long events;
        private int pageViews;
        private int goals;
        private String device = "unknown";
        private long lastEventAt;

        private int sessions;
        private String sessionId;
        private int sessionPages;
        private double sessionSeconds;
        private double closedSessionSeconds;
        private int bounces;

        synchronized void apply(TrackEvent e, SectionTopics topics, ProfileSettings settings) {
            apply(e, topics.topicsOf(e.section()), settings);
        }

        /** @param sectionTopics the topics of the event's section (none when it has none or the site does not map it) */
        synchronized void apply(TrackEvent e, List<String> sectionTopics, ProfileSettings settings) {
            events++;
            if (e.device() != null) {
                device = e.device();
            }
            trackSession(e, settings);
            lastEventAt = Math.max(lastEventAt, e.occurredAt());
            switch (e.event()) {
                case "page_view" -> {
                    pageViews++;
                    sessionPages++;
                }
                case "goal" -> goals++;
                default -> { }
            }
            if (e.timeSpent() > 0) {
                addEngagement(e.occurredAt(), e.timeSpent(), sectionTopics, settings);
            }
        }

        private void trackSession(TrackEvent e, ProfileSettings settings) {
            boolean idle = sessions == 0 || e.occurredAt() - lastEventAt > settings.sessionIdle().toMillis();
            boolean newId = e.sessionId() != null && !e.sessionId().equals(sessionId);
            if (idle || newId) {
                closeSession();
                sessions++;
                sessionId = e.sessionId();
                sessionPages = 0;
                sessionSeconds = 0;
            }
        }

        private void closeSession() {
            if (sessions > 0) {
                closedSessionSeconds += sessionSeconds;
                if (sessionPages <= 1 && sessionSeconds < BOUNCE_SECONDS) {
                    bounces++;
                }
            }
        }

        private void addEngagement(long at, double seconds, List<String> sectionTopics, ProfileSettings settings) {
            double halfLifeMs = settings.halfLife().toMillis();
            double weight = seconds;
            if (decayedAt == Long.MIN_VALUE) {
                decayedAt = at;
            } else if (at > decayedAt) {
                // age what we have to the new event's time: halves every half-life
                double factor = Math.pow(0.5, (at - decayedAt) / halfLifeMs);
                decayedTotal *= factor;
                decayedTopic.replaceAll((t, v) -> v * factor);
                decayedAt = at;
            } else {
                // a late event counts as old as it is
                weight *= Math.pow(0.5, (decayedAt - at) / halfLifeMs);
            }
            decayedTotal += weight;
            rawTotal += seconds;
            sessionSeconds += seconds;
            for (String topic : sectionTopics) {
                final double w = weight;
                decayedTopic.merge(topic, w, Double::sum);
                rawTopic.merge(topic, seconds, Double::sum);
            }
        }

        private static String twoDecimals(double d) {
            long hundredths = Math.round(d * 100);
            long fraction = Math.abs(hundredths % 100);
            return (hundredths < 0 ? "-" : "") + Math.abs(hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
        }

        synchronized Profile snapshot(String userId, SectionTopics topics, PersonaClassifier classifier,
                                      AudienceClassifier audienceClassifier) {
            Map<String, Double> preferences = new TreeMap<>();
            if (decayedTotal > 0) {
                decayedTopic.forEach((topic, v) -> preferences.put(topic, PersonaClassifier.round(v / decayedTotal)));
            }
            double allSessionSeconds = closedSessionSeconds + sessionSeconds;
            double avgSession = sessions == 0 ? 0 : allSessionSeconds / sessions;
            int bouncesNow = bounces + (sessions > 0 && sessionPages <= 1 && sessionSeconds < BOUNCE_SECONDS ? 1 : 0);
            double pagesPerSession = sessions == 0 ? 0 : (double) pageViews / sessions;
            PersonaClassifier.Classification c = audienceClassifier != null
                    ? audienceClassifier.classify(preferences, avgSession, pagesPerSession, sessions, device, rawTotal, events)
                    : classifier.classify(
                            topics.interest(Persona.DATA_FOCUSED, preferences),
                            topics.interest(Persona.CONTENT_EXPLORER, preferences),
                            topics.interest(Persona.QUICK_DECIDER, preferences),
                            avgSession, pagesPerSession, device, rawTotal, events);
            return new Profile(userId, preferences, rawTotal, rawTopic, events, sessions, pageViews, goals,
                    PersonaClassifier.round(avgSession), sessions == 0 ? 0 : PersonaClassifier.round((double) bouncesNow / sessions),
                    device, c.persona(), c.confidence(), explain(preferences, c), lastEventAt);
        }

        private String explain(Map<String, Double> preferences, PersonaClassifier.Classification c) {
            if (rawTotal == 0) {
                return events + " events, no engaged time yet";
            }
            String top = null; // preferences is sorted by topic, so ties go to the first name: deterministic
            for (Map.Entry<String, Double> p : preferences.entrySet()) {
                if (top == null || p.getValue() > preferences.get(top)) {
                    top = p.getKey();
                }
            }
            StringBuilder text = new StringBuilder();
            if (top != null) {
                text.append(Math.round(rawTopic.get(top))).append(" s of ").append(Math.round(rawTotal))
                        .append(" s engaged time was on ").append(top);
            } else {
                text.append(Math.round(rawTotal)).append(" s engaged time on untracked sections");
            }
            text.append(" over ").append(sessions).append(sessions == 1 ? " session" : " sessions");
            text.append(", device ").append(device);
            if (c.persona() != Persona.NONE) {
                // built by hand, not String.format: this runs for every event of every visitor
                text.append(c.persona() instanceof Persona ? "; persona " : "; audience ").append(c.persona().wire()).append(" (score ").append(twoDecimals(c.score()))
                        .append(" × evidence ").append(twoDecimals(c.evidence())).append(')');
            }
            return text.toString();
        }
    }
}
