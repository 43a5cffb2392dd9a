package dev.tailor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of example sites and fixtures, so a test can change its own copy freely. */
public final class SiteFiles {
    private SiteFiles() {
    }

    /** Copies every file and folder under {@code source} into {@code target} (created if missing). */
    public static Path copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target;
    }
}
