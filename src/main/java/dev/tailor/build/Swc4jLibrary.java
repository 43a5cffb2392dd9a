package dev.tailor.build;

import com.caoccao.javet.swc4j.Swc4jLibLoader;
import com.caoccao.javet.swc4j.interfaces.ISwc4jLibLoadingListener;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where swc4j's native library comes from. Left to itself swc4j writes it to a predictable
 * {@code /tmp/swc4j/<pid>/} and loads whatever file is already there, even one another user of
 * the machine planted: code execution in Tailor. Instead Tailor extracts it into the data
 * directory's tools folder, checks its SHA-256 (like esbuild), and tells swc4j to load exactly
 * that file and deploy nothing.
 */
public final class Swc4jLibrary {

    public static final String VERSION = "2.2.0";
    static final String FILE_NAME = "libswc4j-linux-x86_64.v." + VERSION + ".so";
    /** SHA-256 of the library in {@code com.caoccao.javet:swc4j-linux-x86_64:2.2.0}. */
    static final String SHA256 = "ec230f4f0116240826165ff1c217c9b31e84a35de2f9829fa6af8dcbde899aae";

    private Swc4jLibrary() {
    }

    /**
     * Extracts and checks the library under {@code <toolsDir>/swc4j-2.2.0/} and points swc4j at it.
     * Call before the first {@code new Swc4j()} of the process; swc4j loads its library once per
     * JVM, so a later call changes nothing.
     */
    public static Path install(Path toolsDir) throws IOException {
        Path dir = toolsDir.resolve("swc4j-" + VERSION);
        Path library = ToolFile.extract(Swc4jLibrary.class.getClassLoader(), FILE_NAME, dir.resolve(FILE_NAME), SHA256,
                PosixFilePermissions.fromString("rw-------"),
                "the dependency com.caoccao.javet:swc4j-linux-x86_64:" + VERSION + " is missing");
        File folder = dir.toAbsolutePath().toFile();
        Swc4jLibLoader.setLibLoadingListener(new ISwc4jLibLoadingListener() {
            @Override
            public File getLibPath() {
                return folder;
            }

            @Override
            public boolean isDeploy() {
                return false; // the file is in place and checked: swc4j must not write one of its own
            }
        });
        return library;
    }
}
