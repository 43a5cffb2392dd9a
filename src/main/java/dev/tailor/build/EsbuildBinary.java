package dev.tailor.build;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The esbuild executable, extracted from the {@code org.mvnpm.at.esbuild:linux-x64} jar so Tailor
 * needs no Node.js or npm on the machine.
 *
 * @param path    the executable
 * @param version esbuild's version; part of every artifact id, since a new esbuild may emit other bytes
 */
public record EsbuildBinary(Path path, String version) {

    public static final String BUNDLED_VERSION = "0.25.10";
    private static final String RESOURCE = "META-INF/resources/_static/linux-x64/" + BUNDLED_VERSION + "/bin/esbuild";

    /** SHA-256 of the esbuild executable in that jar: a file with other bytes is never run. */
    static final String BUNDLED_SHA256 = "b26b7502819ba76774dfd0b61f8c7d1ab8ee99482fca7b5970df746ce6042974";

    /**
     * Extracts the bundled esbuild into {@code <toolsDir>/esbuild-0.25.10}, or reuses the file already
     * there when its SHA-256 is the pinned one (see {@link ToolFile}: owner-only folder, no links,
     * written to a temp file and moved into place atomically, so crashes and concurrent callers are safe).
     */
    public static EsbuildBinary extractInto(Path toolsDir) throws IOException {
        return extractInto(toolsDir, EsbuildBinary.class.getClassLoader());
    }

    static EsbuildBinary extractInto(Path toolsDir, ClassLoader classLoader) throws IOException {
        Path target = ToolFile.extract(classLoader, RESOURCE, toolsDir.resolve("esbuild-" + BUNDLED_VERSION), BUNDLED_SHA256,
                PosixFilePermissions.fromString("rwx------"),
                "the dependency org.mvnpm.at.esbuild:linux-x64:" + BUNDLED_VERSION + " is missing");
        return new EsbuildBinary(target, BUNDLED_VERSION);
    }
}
