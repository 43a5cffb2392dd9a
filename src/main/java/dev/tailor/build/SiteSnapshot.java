package dev.tailor.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every source file of a site, read once into memory with the overrides applied. Hashing and
 * staging both use this one copy, so the artifact id always describes exactly what was built,
 * even if someone edits the site while a build runs.
 *
 * @param files relative path (always '/'-separated) → bytes, sorted by path
 */
record SiteSnapshot(SortedMap<String, byte[]> files) {

    /** Never part of a build: VCS data, installed dependencies (resolved in place through NODE_PATH), old output. */
    static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "dist");

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._@+()\\[\\] -]+");

    SiteSnapshot {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    static SiteSnapshot read(Path siteRoot, Map<String, String> overrides) throws BuildException {
        if (!Files.isDirectory(siteRoot)) {
            throw new BuildException("site root " + siteRoot + " is not a directory");
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        try {
            Files.walkFileTree(siteRoot, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean skipped = !dir.equals(siteRoot) && SKIPPED_DIRS.contains(dir.getFileName().toString());
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    // symlinks are not followed: a build reads only what is really inside the site
                    if (attrs.isRegularFile() && !Files.isSymbolicLink(file)) {
                        files.put(relativeName(siteRoot, file), Files.readAllBytes(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BuildException("could not read site " + siteRoot + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String path = requireSafeRelativePath(override.getKey(), "override path");
            if (override.getValue() == null) {
                throw new BuildException("override " + path + " has no content");
            }
            files.put(path, override.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return new SiteSnapshot(files);
    }

    /**
     * Accepts only plain relative paths inside the site, so an override (which may come from
     * generated code) can never write outside the staging dir or into a skipped dir.
     */
    static String requireSafeRelativePath(String path, String what) throws BuildException {
        if (path == null || path.isBlank()) {
            throw new BuildException(what + " is empty");
        }
        if (path.startsWith("/") || path.contains("\\")) {
            throw new BuildException(what + " '" + path + "' must be relative and use '/' separators");
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new BuildException(what + " '" + path + "' has an empty, '.' or '..' segment");
            }
            if (!SAFE_SEGMENT.matcher(segment).matches()) {
                throw new BuildException(what + " '" + path + "' has unexpected characters in '" + segment + "'");
            }
        }
        if (segments.length > 1 && SKIPPED_DIRS.contains(segments[0])) {
            throw new BuildException(what + " '" + path + "' points into " + segments[0] + "/, which builds ignore");
        }
        return path;
    }

    private static String relativeName(Path root, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path segment : root.relativize(file)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(segment);
        }
        return name.toString();
    }

    void writeTo(Path dir) throws IOException {
        writeTo(dir, "");
    }

    /** Writes the files whose path starts with {@code prefix}, each at its own path under {@code dir}. */
    void writeTo(Path dir, String prefix) throws IOException {
        for (Map.Entry<String, byte[]> file : files.subMap(prefix, prefix + Character.MAX_VALUE).entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }

    boolean contains(String path) {
        return files.containsKey(path);
    }
}
