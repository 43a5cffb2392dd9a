package dev.tailor.build;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The esbuild executable, extracted from Tailor's jar so Tailor needs no Node.js or npm on the
 * machine. The build takes it from esbuild's npm package {@code @esbuild/linux-x64} (checked against
 * the registry's sha512 integrity; see pom.xml), since Maven Central's copies stop at 0.25.10.
 *
 * @param path    the executable
 * @param version esbuild's version; part of every artifact id, since a new esbuild may emit other bytes
 */
public record EsbuildBinary(Path path, String version) {

    public static final String BUNDLED_VERSION = "0.28.2";
    private static final String RESOURCE = "tailor/esbuild/linux-x64-" + BUNDLED_VERSION + "/package/bin/esbuild";

    /** SHA-256 of the esbuild executable in that package: a file with other bytes is never run. */
    static final String BUNDLED_SHA256 = "e1698a3d5c6c0798fee4fd3b5cc816651f460c63d390a7a26ea4beb0b1884100";

    /**
     * Extracts the bundled esbuild into {@code <toolsDir>/esbuild-<version>}, or reuses the file already
     * there when its SHA-256 is the pinned one (see {@link ToolFile}: owner-only folder, no links,
     * written to a temp file and moved into place atomically, so crashes and concurrent callers are safe).
     */
    public static EsbuildBinary extractInto(Path toolsDir) throws IOException {
        return extractInto(toolsDir, EsbuildBinary.class.getClassLoader());
    }

    static EsbuildBinary extractInto(Path toolsDir, ClassLoader classLoader) throws IOException {
        Path target = ToolFile.extract(classLoader, RESOURCE, toolsDir.resolve("esbuild-" + BUNDLED_VERSION), BUNDLED_SHA256,
                PosixFilePermissions.fromString("rwx------"),
                "esbuild " + BUNDLED_VERSION + " is not in this build (the npm package @esbuild/linux-x64 that pom.xml fetches at generate-resources)");
        return new EsbuildBinary(target, BUNDLED_VERSION);
    }
}
