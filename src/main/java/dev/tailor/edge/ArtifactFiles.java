package dev.tailor.edge;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built files the edge serves, held in memory once read, each prepared once ({@link ServedFile}:
 * its gzip form and ETag). A page load or an asset costs no file system call: instead of a stat per
 * request, every directory a held file lives in is watched (inotify on Linux), and a file changed or
 * deleted behind Tailor's back is dropped as soon as the watch reports it, so a deleted artifact is
 * not served. What is not held (too large, over the budget, or no watch to be had) is read from disk
 * each time, as before.
 */
final class ArtifactFiles implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArtifactFiles.class);
    /** A file larger than this is read from disk each time rather than held. */
    static final long MAX_HELD_FILE_BYTES = 8L << 20;
    /** All held files together, heap and direct copies: past it the earliest held go first. */
    static final long MAX_HELD_BYTES = 128L << 20;

    /** A held file: as read, or derived from what was read (a preview's page without the tracker). */
    private record Key(Path file, String derivation) {
    }

    private final Path root;
    private final WatchService watcher; // null when the file system offers none: then nothing is held
    private final Map<Key, ServedFile> held = new ConcurrentHashMap<>();
    private final Queue<Key> heldOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong heldBytes = new AtomicLong();
    /** The watched directories, and the artifact (the root's child) each belongs to; the root maps to "". */
    private final Map<Path, WatchKey> watchedDirs = new ConcurrentHashMap<>();
    private final Map<WatchKey, String> artifactOfKey = new ConcurrentHashMap<>();

    ArtifactFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        WatchService service;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot watch {} ({}): built files are read from disk on every request", this.root, e.toString());
            service = null;
        }
        this.watcher = service;
    }

    /** The file under the root, or empty when it is outside it or no regular file. */
    Optional<ServedFile> read(Path file, String contentType) {
        return read(file, "", contentType, UnaryOperator.identity());
    }

    /**
     * The file under the root transformed by {@code derive} (once, while held), or empty as for {@link #read}.
     *
     * @param derivation names the transformation: the same file held once per derivation
     */
    Optional<ServedFile> read(Path file, String derivation, String contentType, UnaryOperator<byte[]> derive) {
        Path normalized = file.toAbsolutePath().normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            return Optional.empty();
        }
        dropWhatChanged();
        Key key = new Key(normalized, derivation);
        ServedFile known = held.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        // watch before reading: a deletion after the read is then reported, never missed
        boolean watched = watch(normalized.getParent());
        if (!Files.isRegularFile(normalized)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(normalized);
        } catch (IOException e) {
            return Optional.empty();
        }
        ServedFile served = ServedFile.of(derive.apply(bytes), contentType);
        if (watched && bytes.length <= MAX_HELD_FILE_BYTES) {
            served = served.direct(); // held and served many times: written from direct memory without a copy
            hold(key, served);
            if (!Files.isRegularFile(normalized)) { // deleted while read, its report handled by another request already
                held.remove(key);
                return Optional.empty();
            }
        }
        return Optional.of(served);
    }

    private void hold(Key key, ServedFile served) {
        if (held.putIfAbsent(key, served) != null) {
            return;
        }
        heldOrder.add(key);
        long total = heldBytes.addAndGet(served.heldBytes());
        while (total > MAX_HELD_BYTES) {
            Key oldest = heldOrder.poll();
            if (oldest == null) {
                break;
            }
            ServedFile dropped = held.remove(oldest);
            total = dropped == null ? heldBytes.get() : heldBytes.addAndGet(-dropped.heldBytes());
        }
    }

    /** Watches a directory of an artifact (and the root, for artifacts removed whole); false when it cannot be watched. */
    private boolean watch(Path dir) {
        if (watcher == null || dir == null || !dir.startsWith(root)) {
            return false;
        }
        try {
            watchOne(root, "");
            if (!dir.equals(root)) {
                watchOne(dir, root.relativize(dir).getName(0).toString());
            }
            return true;
        } catch (IOException | ClosedWatchServiceException e) {
            return false; // missing (a 404 to come) or out of watches: read from disk
        }
    }

    private void watchOne(Path dir, String artifact) throws IOException {
        WatchKey existing = watchedDirs.get(dir);
        if (existing != null && existing.isValid()) {
            return;
        }
        WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        artifactOfKey.put(key, artifact);
        watchedDirs.put(dir, key);
    }

    /** Drops every held file of an artifact the watch reported a change in (a queue poll when there is none). */
    private void dropWhatChanged() {
        if (watcher == null) {
            return;
        }
        WatchKey key;
        try {
            while ((key = watcher.poll()) != null) {
                String artifact = artifactOfKey.getOrDefault(key, "");
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        dropAll();
                    } else if (artifact.isEmpty()) {
                        drop(((Path) event.context()).toString()); // an artifact directory removed or renamed
                    } else {
                        drop(artifact);
                    }
                }
                if (!key.reset()) { // the directory itself is gone
                    artifactOfKey.remove(key);
                    watchedDirs.values().remove(key);
                    drop(artifact);
                }
            }
        } catch (ClosedWatchServiceException closed) {
            dropAll();
        }
    }

    private void drop(String artifact) {
        if (artifact.isEmpty()) {
            dropAll();
            return;
        }
        Path dir = root.resolve(artifact);
        held.keySet().removeIf(key -> key.file().startsWith(dir));
        recount();
    }

    private void dropAll() {
        held.clear();
        heldOrder.clear();
        recount();
    }

    private void recount() {
        heldBytes.set(held.values().stream().mapToLong(ServedFile::heldBytes).sum());
        heldOrder.retainAll(held.keySet());
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.warn("closing the watch on {} failed: {}", root, e.toString());
            }
        }
        held.clear();
    }
}
