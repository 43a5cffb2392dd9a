package dev.tailor.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The npm packages a site installed itself ({@code node_modules}, by its own lockfile), which its
 * build bundles before Tailor's own React. Tailor never installs them: the site's team does, with
 * the command {@link #installCommand()} names.
 *
 * @param siteRoot    the directory holding the site's package.json and lockfile
 * @param nodeModules the installed packages' directory, when there is one
 * @param installed   {@code name@version} of each top-level package, sorted: part of the artifact id
 */
record InstalledDependencies(Path siteRoot, Optional<Path> nodeModules, List<String> installed) {

    InstalledDependencies {
        installed = List.copyOf(installed);
    }

    /** What is installed in {@code <siteRoot>/node_modules}, or nothing when there is no such directory. */
    static InstalledDependencies of(Path siteRoot) throws BuildException {
        Path dir = siteRoot.resolve("node_modules");
        if (!Files.isDirectory(dir)) {
            return new InstalledDependencies(siteRoot, Optional.empty(), List.of());
        }
        List<String> installed = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith("@") && Files.isDirectory(entry)) { // a scope: its packages are one level down
                    try (Stream<Path> scoped = Files.list(entry)) {
                        for (Path pkg : scoped.sorted().toList()) {
                            version(pkg).ifPresent(v -> installed.add(name + "/" + pkg.getFileName() + "@" + v));
                        }
                    }
                } else if (!name.startsWith(".")) {
                    version(entry).ifPresent(v -> installed.add(name + "@" + v));
                }
            }
        } catch (IOException e) {
            throw new BuildException("could not read the site's installed packages in " + dir + ": " + e.getMessage(), e);
        }
        return new InstalledDependencies(siteRoot, Optional.of(dir.toAbsolutePath().normalize()), installed);
    }

    private static Optional<String> version(Path packageDir) {
        Path packageJson = packageDir.resolve("package.json");
        if (!Files.isRegularFile(packageJson)) {
            return Optional.empty();
        }
        try {
            JsonNode version = new ObjectMapper().readTree(packageJson.toFile()).get("version");
            return Optional.ofNullable(version).map(JsonNode::asText);
        } catch (IOException e) {
            return Optional.of("unreadable"); // still a package: esbuild will say what is wrong with it
        }
    }

    /** The command that installs exactly what the site's lockfile lists, for the lockfile it has. */
    String installCommand() {
        if (Files.isRegularFile(siteRoot.resolve("pnpm-lock.yaml"))) {
            return "pnpm install --frozen-lockfile";
        }
        if (Files.isRegularFile(siteRoot.resolve("yarn.lock"))) {
            return "yarn install --frozen-lockfile";
        }
        return Files.isRegularFile(siteRoot.resolve("package-lock.json")) ? "npm ci" : "npm install";
    }

    /** Why a package the site imports could not be found, and the command that fixes it. */
    String missing(String packageName) {
        boolean declared = declares(packageName);
        String where = " in " + siteRoot.toAbsolutePath().normalize();
        if (!declared) {
            return "the site imports the npm package \"" + packageName + "\", which its package.json does not list:"
                    + " add it with \"npm install " + packageName + "\"" + where + " (and commit package.json and the lockfile)";
        }
        return "the site imports the npm package \"" + packageName + "\", which is not installed"
                + (nodeModules.isEmpty() ? " (there is no node_modules)" : " in node_modules")
                + ": run \"" + installCommand() + "\"" + where;
    }

    private boolean declares(String packageName) {
        Path packageJson = siteRoot.resolve("package.json");
        if (!Files.isRegularFile(packageJson)) {
            return false;
        }
        try {
            JsonNode manifest = new ObjectMapper().readTree(packageJson.toFile());
            for (String field : List.of("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")) {
                if (manifest.path(field).has(packageName)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The package a bare import specifier names ({@code lodash/fp} → {@code lodash},
     * {@code @scope/pkg/x} → {@code @scope/pkg}), or empty for a relative or absolute path.
     */
    static Optional<String> packageOf(String specifier) {
        if (specifier.isEmpty() || specifier.startsWith(".") || specifier.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = specifier.split("/", 3);
        if (specifier.startsWith("@")) {
            return parts.length >= 2 ? Optional.of(parts[0] + "/" + parts[1]) : Optional.empty();
        }
        return Optional.of(parts[0]);
    }
}
