package dev.tailor.experiment;

import dev.tailor.experiment.RolloutPolicy.Arm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rollouts, their history and exposures in memory. Goal conversions come from the goals a test
 * reports with {@link #goalReceived} (the SQLite adapter reads them from the event log).
 */
public final class InMemoryRolloutStore implements RolloutStore {

    private record ExposureKey(String variantKey, int stage, String userId) {
    }

    private record Goal(String userId, long receivedAt) {
    }

    private final Map<String, Rollout> rollouts = new LinkedHashMap<>();
    private final List<Rollout> history = new ArrayList<>();
    private final Map<ExposureKey, Exposure> exposures = new LinkedHashMap<>();
    private final List<Goal> goals = new ArrayList<>();

    /** A goal event of the visitor, received (stored in the event log) at that time. */
    public synchronized void goalReceived(String userId, long receivedAt) {
        goals.add(new Goal(userId, receivedAt));
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
    public synchronized Map<String, Arm> arms(String variantKey, int stage) {
        Map<String, List<Exposure>> byArm = exposures.values().stream()
                .filter(e -> e.variantKey().equals(variantKey) && e.stage() == stage)
                .collect(Collectors.groupingBy(Exposure::arm));
        Map<String, Arm> out = new HashMap<>();
        byArm.forEach((arm, exposed) -> out.put(arm, new Arm(exposed.size(),
                (int) exposed.stream().filter(this::convertedAfter).count())));
        return out;
    }

    private boolean convertedAfter(Exposure e) {
        return goals.stream().anyMatch(g -> g.userId().equals(e.userId()) && g.receivedAt() >= e.at());
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
    public synchronized int eraseExposures(String userId) {
        int before = exposures.size();
        exposures.keySet().removeIf(key -> key.userId().equals(userId));
        return before - exposures.size();
    }
}
