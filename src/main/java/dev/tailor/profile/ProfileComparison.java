package dev.tailor.profile;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares the profiles replayed from the event log with the ones Tailor persisted, field by
 * field. No difference means the persisted profiles are exactly what the log says.
 */
public final class ProfileComparison {

    /** One visitor whose profiles differ, and how. */
    public record Difference(String userId, String what) {
        @Override
        public String toString() {
            return userId + ": " + what;
        }
    }

    private ProfileComparison() {
    }

    public static List<Difference> compare(Map<String, Profile> replayed, Map<String, Profile> persisted) {
        List<Difference> out = new ArrayList<>();
        TreeSet<String> users = new TreeSet<>(replayed.keySet());
        users.addAll(persisted.keySet());
        for (String user : users) {
            Profile fresh = replayed.get(user);
            Profile stored = persisted.get(user);
            if (stored == null) {
                out.add(new Difference(user, "in the log but not persisted"));
            } else if (fresh == null) {
                out.add(new Difference(user, "persisted but has no events in the log"));
            } else {
                List<String> fields = differingFields(fresh, stored);
                if (!fields.isEmpty()) {
                    out.add(new Difference(user, String.join("; ", fields)));
                }
            }
        }
        return out;
    }

    /** Each field whose values differ, as {@code name: replayed → persisted}. */
    static List<String> differingFields(Profile replayed, Profile persisted) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : Profile.class.getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(replayed);
                Object b = c.getAccessor().invoke(persisted);
                if (!Objects.equals(a, b)) {
                    out.add(c.getName() + ": " + a + " (log) vs " + b + " (persisted)");
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName(), e);
            }
        }
        return out;
    }
}
