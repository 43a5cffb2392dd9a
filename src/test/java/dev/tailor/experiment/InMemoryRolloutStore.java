package dev.tailor.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rollouts, their history and exposures in memory. Metrics come from the events a test
 * reports with {@link #goalReceived} and {@link #eventReceived} (the SQLite adapter reads them from the event log).
 */
public final class InMemoryRolloutStore implements RolloutStore {

    private record ExposureKey(String variantKey, int stage, String userId) {
    }

    /** An event as the metrics see it: its kind, the goal's name for a goal, the engaged seconds. */
    private record Received(String userId, String event, String goal, double timeSpent, long receivedAt) {
    }

    private final Map<String, Rollout> rollouts = new LinkedHashMap<>();
    private final List<Rollout> history = new ArrayList<>();
    private final Map<ExposureKey, Exposure> exposures = new LinkedHashMap<>();
    private final List<Received> events = new ArrayList<>();
    private final Map<String, Map<Long, RolloutSnapshot>> snapshots = new HashMap<>();

    /** A goal event of the visitor, received (stored in the event log) at that time. */
    public synchronized void goalReceived(String userId, long receivedAt) {
        goalReceived(userId, "goal", receivedAt);
    }

    /** A goal event with this goal's name. */
    public synchronized void goalReceived(String userId, String goal, long receivedAt) {
        events.add(new Received(userId, "goal", goal, 0, receivedAt));
    }

    /** Any other event of the visitor (page_view, error, section_dwell, …), with its engaged seconds. */
    public synchronized void eventReceived(String userId, String event, double timeSpent, long receivedAt) {
        events.add(new Received(userId, event, null, timeSpent, receivedAt));
    }

    /** Every history entry, oldest first. */
    public synchronized List<Rollout> history() {
        return List.copyOf(history);
    }

    /** Every recorded exposure, in the order first recorded. */
    public synchronized List<Exposure> exposures() {
        return List.copyOf(exposures.values());
    }

    @Override
    public synchronized List<Rollout> rollouts() {
        return List.copyOf(rollouts.values());
    }

    @Override
    public synchronized void save(Rollout rollout, boolean historyEntry) {
        rollouts.put(rollout.variantKey(), rollout);
        if (historyEntry) {
            history.add(rollout);
        }
    }

    @Override
    public synchronized void recordExposures(List<Exposure> batch) {
        for (Exposure e : batch) {
            exposures.putIfAbsent(new ExposureKey(e.variantKey(), e.stage(), e.userId()), e);
        }
    }

    @Override
    public synchronized Map<String, ArmCounts> metrics(String variantKey, int stage, long since, List<Metric> metrics) {
        Map<String, List<Exposure>> byArm = exposures.values().stream()
                .filter(e -> e.variantKey().equals(variantKey) && e.stage() == stage && e.at() >= since)
                .filter(e -> !exposures.containsKey(new ExposureKey(Experiments.AUTOMATED_VISITORS, 0, e.userId())))
                .collect(Collectors.groupingBy(Exposure::arm));
        Map<String, ArmCounts> out = new HashMap<>();
        byArm.forEach((arm, exposed) -> {
            Map<String, Integer> reached = new HashMap<>();
            for (Metric m : metrics) {
                reached.put(m.name(), (int) exposed.stream().filter(e -> did(m, e)).count());
            }
            out.put(arm, new ArmCounts(exposed.size(), reached));
        });
        return out;
    }

    private boolean did(Metric m, Exposure x) {
        List<Received> after = events.stream().filter(e -> e.userId().equals(x.userId()) && e.receivedAt() >= x.at()).toList();
        return switch (m.kind()) {
            case ANY_GOAL -> after.stream().anyMatch(e -> e.event().equals("goal"));
            case GOAL -> after.stream().anyMatch(e -> e.event().equals("goal") && m.goal().equals(e.goal()));
            case JS_ERROR -> after.stream().anyMatch(e -> e.event().equals("error"));
            case RENDER_FALLBACK -> exposures.values().stream().anyMatch(f -> f.variantKey().equals(x.variantKey())
                    && f.stage() == -x.stage() && f.userId().equals(x.userId()) && f.at() >= x.at());
            case BOUNCE -> after.stream().filter(e -> e.event().equals("page_view")).count() < 2
                    && after.stream().noneMatch(e -> e.event().equals("goal"))
                    && after.stream().mapToDouble(Received::timeSpent).sum() < Metric.ENGAGED_SECONDS;
        };
    }

    @Override
    public synchronized int visitorsWithIdPrefix(String variantKey, String idPrefix) {
        Set<String> visitors = exposures.values().stream()
                .filter(e -> e.variantKey().equals(variantKey) && startsWithIgnoringAsciiCase(e.userId(), idPrefix))
                .map(Exposure::userId).collect(Collectors.toSet());
        return visitors.size();
    }

    /** As SQL's {@code like} compares: ASCII letters in either case, everything else exactly. */
    private static boolean startsWithIgnoringAsciiCase(String id, String prefix) {
        if (id.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (lowerAscii(id.charAt(i)) != lowerAscii(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    @Override
    public synchronized List<RolloutHistoryEntry> history(String variantKey) {
        return history.stream().filter(r -> r.variantKey().equals(variantKey))
                .map(r -> new RolloutHistoryEntry(r.stageStartedAt(), r.percent(), r.status(), r.reason())).toList();
    }

    @Override
    public synchronized void saveSnapshot(RolloutSnapshot snapshot) {
        snapshots.computeIfAbsent(snapshot.variantKey(), k -> new java.util.TreeMap<>()).put(snapshot.at(), snapshot);
    }

    @Override
    public synchronized List<RolloutSnapshot> snapshots(String variantKey) {
        return List.copyOf(snapshots.getOrDefault(variantKey, Map.of()).values());
    }

    @Override
    public synchronized int eraseExposures(String userId) {
        int before = exposures.size();
        exposures.keySet().removeIf(key -> key.userId().equals(userId));
        return before - exposures.size();
    }
}
