package dev.tailor.build;

import java.nio.file.Path;
import java.util.List;

/**
 * An immutable, built site: {@code index.html} plus hashed bundles in one directory.
 *
 * @param id          content hash of everything that went into the build; the directory's name
 * @param dir         where the files are; never changed after the build
 * @param files       paths of the files, relative to {@code dir}
 * @param buildMillis how long esbuild and the surrounding work took
 */
public record Artifact(String id, Path dir, List<String> files, long buildMillis) {

    public Artifact {
        files = List.copyOf(files);
    }

    public Path indexHtml() {
        return dir.resolve("index.html");
    }
}
