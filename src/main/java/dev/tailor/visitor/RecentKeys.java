package dev.tailor.visitor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A map keyed by visitor ids (or other strings a client chooses) that holds at most
 * {@code maxEntries}: the least recently used entry is forgotten first, so a flood of made-up ids
 * cannot grow the heap. For state that is a shortcut, not the record: what is forgotten must be
 * found again elsewhere (the store) or be safe to do again. Thread-safe.
 */
public final class RecentKeys<V> {

    private final int maxEntries;
    private final LinkedHashMap<String, V> entries;

    public RecentKeys(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > RecentKeys.this.maxEntries;
            }
        };
    }

    /** True when the key was not held (it is now, with {@code value}); false leaves the value held as it was. */
    public synchronized boolean add(String key, V value) {
        if (entries.containsKey(key)) {
            entries.get(key); // touched: recently used
            return false;
        }
        entries.put(key, value);
        return true;
    }

    /** The previous value, if one was held. */
    public synchronized Optional<V> put(String key, V value) {
        return Optional.ofNullable(entries.put(key, value));
    }

    public synchronized Optional<V> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public synchronized Optional<V> remove(String key) {
        return Optional.ofNullable(entries.remove(key));
    }

    public synchronized void removeKeysIf(Predicate<String> which) {
        entries.keySet().removeIf(which);
    }

    public synchronized int size() {
        return entries.size();
    }

    public int maxEntries() {
        return maxEntries;
    }
}
