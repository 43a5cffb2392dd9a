package dev.tailor.build;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * Extracts the bundled esbuild into {@code <toolsDir>/esbuild-0.25.10}, or reuses the file already
     * there when it has the same size. Safe against crashes and concurrent callers: the binary is
     * written to a temp file and moved into place atomically.
     */
    public static EsbuildBinary extractInto(Path toolsDir) throws IOException {
        return extractInto(toolsDir, EsbuildBinary.class.getClassLoader());
    }

    static EsbuildBinary extractInto(Path toolsDir, ClassLoader classLoader) throws IOException {
        URL url = classLoader.getResource(RESOURCE);
        if (url == null) {
            throw new IOException("esbuild binary not on the classpath at " + RESOURCE
                    + "; the dependency org.mvnpm.at.esbuild:linux-x64:" + BUNDLED_VERSION + " is missing");
        }
        Files.createDirectories(toolsDir);
        Path target = toolsDir.resolve("esbuild-" + BUNDLED_VERSION);
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        long expectedSize = connection.getContentLengthLong();
        if (expectedSize > 0 && Files.isRegularFile(target) && Files.size(target) == expectedSize
                && Files.isExecutable(target)) {
            // with caches off, asking for the size opened the jar; closing the stream releases it
            connection.getInputStream().close();
            return new EsbuildBinary(target, BUNDLED_VERSION);
        }
        Path temp = Files.createTempFile(toolsDir, ".esbuild-", ".part");
        try {
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return new EsbuildBinary(target, BUNDLED_VERSION);
    }
}
