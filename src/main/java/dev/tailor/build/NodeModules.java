package dev.tailor.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The npm packages every site build resolves through {@code NODE_PATH}: React and its runtime
 * dependencies, extracted from the {@code org.mvnpm} jars into {@code <toolsDir>/node_modules}.
 *
 * @param dir      the {@code node_modules} directory to hand to esbuild
 * @param packages what is in it; part of every artifact id, since a new React changes the bundle
 */
public record NodeModules(Path dir, List<NpmPackage> packages) {

    /** One npm package as shipped inside an {@code org.mvnpm} jar. */
    public record NpmPackage(String name, String version) {
        String resourceDir() {
            return "META-INF/resources/_static/" + name + "/" + version;
        }
    }

    /** What a React 18 page needs at runtime; react-dom requires scheduler. */
    public static final List<NpmPackage> REACT_18 = List.of(
            new NpmPackage("react", "18.3.1"),
            new NpmPackage("react-dom", "18.3.1"),
            new NpmPackage("scheduler", "0.23.2"));

    public NodeModules {
        packages = List.copyOf(packages);
    }

    /** Extracts React 18 into {@code <toolsDir>/node_modules}, reusing packages already there at the right version. */
    public static NodeModules extractInto(Path toolsDir) throws IOException {
        return extractInto(toolsDir, REACT_18, NodeModules.class.getClassLoader());
    }

    static NodeModules extractInto(Path toolsDir, List<NpmPackage> packages, ClassLoader classLoader) throws IOException {
        Path dir = toolsDir.resolve("node_modules");
        Files.createDirectories(dir);
        ClasspathTree classpath = new ClasspathTree(classLoader);
        for (NpmPackage npmPackage : packages) {
            Path target = dir.resolve(npmPackage.name());
            if (!npmPackage.version().equals(installedVersion(target))) {
                install(classpath, npmPackage, dir, target);
            }
        }
        return new NodeModules(dir, packages);
    }

    /** The version in the extracted package.json, or null when absent or unreadable. */
    private static String installedVersion(Path packageDir) {
        Path packageJson = packageDir.resolve("package.json");
        if (!Files.isRegularFile(packageJson)) {
            return null;
        }
        try {
            JsonNode version = new ObjectMapper().readTree(packageJson.toFile()).get("version");
            return version == null ? null : version.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** Copies into a temp dir beside the target, then renames: a crash never leaves half a package. */
    private static void install(ClasspathTree classpath, NpmPackage npmPackage, Path dir, Path target) throws IOException {
        Path temp = Files.createTempDirectory(dir, "." + npmPackage.name() + "-");
        Path fresh = temp.resolve("package");
        Path stale = temp.resolve("stale");
        try {
            classpath.copy(npmPackage.resourceDir(), "package.json", fresh);
            if (Files.exists(target)) {
                // an older version: move it aside first (one rename), then drop it with the temp dir
                try {
                    Files.move(target, stale, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (Files.exists(target)) {
                        throw e;
                    }
                }
            }
            try {
                Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // a concurrent extraction won the race; accept its copy if it is the right version
                if (!npmPackage.version().equals(installedVersion(target))) {
                    throw new IOException("could not install " + npmPackage + " into " + target
                            + ": another version appeared there concurrently", e);
                }
            }
        } finally {
            TreeDeletion.deleteQuietly(temp);
        }
    }
}
