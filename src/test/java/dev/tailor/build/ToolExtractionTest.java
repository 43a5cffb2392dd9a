package dev.tailor.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolExtractionTest {

    @TempDir
    Path tools;

    @Test
    void esbuildIsExtractedExecutableAndRuns() throws Exception {
        EsbuildBinary esbuild = EsbuildBinary.extractInto(tools);

        assertThat(esbuild.path()).isEqualTo(tools.resolve("esbuild-0.28.2")).isExecutable();
        assertThat(esbuild.version()).isEqualTo("0.28.2");
        Process process = new ProcessBuilder(esbuild.path().toString(), "--version").redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(process.getInputStream().readAllBytes()).trim()).isEqualTo("0.28.2");
        try (var leftovers = Files.list(tools)) {
            assertThat(leftovers).containsExactly(esbuild.path());
        }
    }

    @Test
    void esbuildIsReusedWhenAlreadyExtractedAndReplacedWhenTruncated() throws Exception {
        Path binary = EsbuildBinary.extractInto(tools).path();
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(binary, old);

        EsbuildBinary.extractInto(tools);
        assertThat(Files.getLastModifiedTime(binary)).isEqualTo(old);

        Files.write(binary, new byte[] {1, 2, 3});   // e.g. a half-copied file from a foreign tool
        EsbuildBinary.extractInto(tools);
        assertThat(Files.size(binary)).isGreaterThan(1_000_000);
        assertThat(binary).isExecutable();
    }

    @Test
    void reactPackagesAreExtractedUnderNodeModules() throws Exception {
        NodeModules nodeModules = NodeModules.extractInto(tools);

        assertThat(nodeModules.dir()).isEqualTo(tools.resolve("node_modules"));
        assertThat(nodeModules.dir().resolve("react/package.json")).content().contains("\"version\": \"18.3.1\"");
        assertThat(nodeModules.dir().resolve("react/cjs/react.production.min.js")).isRegularFile();
        assertThat(nodeModules.dir().resolve("react-dom/client.js")).isRegularFile();
        assertThat(nodeModules.dir().resolve("scheduler/package.json")).content().contains("0.23.2");
        try (var entries = Files.list(nodeModules.dir())) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .as("no temp dirs left behind").containsExactlyInAnyOrder("react", "react-dom", "scheduler");
        }
    }

    @Test
    void aPackageAtAnotherVersionIsReplacedWholesale() throws Exception {
        Path react = tools.resolve("node_modules/react");
        Files.createDirectories(react);
        Files.writeString(react.resolve("package.json"), "{\"name\":\"react\",\"version\":\"17.0.2\"}");
        Files.writeString(react.resolve("stale-file.js"), "old");

        NodeModules.extractInto(tools);

        assertThat(react.resolve("package.json")).content().contains("18.3.1");
        assertThat(react.resolve("stale-file.js")).doesNotExist();
    }

    @Test
    void packagesAreFoundInsideOneShadedJarWithoutDirectoryEntries() throws Exception {
        // a fat jar merges every dependency's resources into one archive, usually without dir entries
        Path fatJar = tools.resolve("fat.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(fatJar))) {
            for (String name : List.of("package.json", "index.js", "cjs/scheduler.production.min.js")) {
                String resource = "META-INF/resources/_static/scheduler/0.23.2/" + name;
                zip.putNextEntry(new ZipEntry(resource));
                try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        Path out = tools.resolve("out");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {fatJar.toUri().toURL()}, null)) {
            NodeModules nodeModules = NodeModules.extractInto(out, List.of(new NodeModules.NpmPackage("scheduler", "0.23.2")), loader);
            assertThat(nodeModules.dir().resolve("scheduler/cjs/scheduler.production.min.js")).isRegularFile();
            assertThat(nodeModules.dir().resolve("scheduler/index.js")).isRegularFile();
        }
    }

    @Test
    void packagesAreFoundInAnExplodedClasspathDirectory() throws Exception {
        Path classes = tools.resolve("classes");
        Path packageDir = classes.resolve("META-INF/resources/_static/tiny/1.0.0");
        Files.createDirectories(packageDir.resolve("lib"));
        Files.writeString(packageDir.resolve("package.json"), "{\"name\":\"tiny\",\"version\":\"1.0.0\"}");
        Files.writeString(packageDir.resolve("lib/tiny.js"), "module.exports = 1;");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            NodeModules nodeModules = NodeModules.extractInto(tools.resolve("out"), List.of(new NodeModules.NpmPackage("tiny", "1.0.0")), loader);
            assertThat(nodeModules.dir().resolve("tiny/lib/tiny.js")).content().isEqualTo("module.exports = 1;");
        }
    }

    @Test
    void aMissingPackageJarIsNamed() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> NodeModules.extractInto(tools, List.of(new NodeModules.NpmPackage("react", "99.0.0")), empty))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("META-INF/resources/_static/react/99.0.0/package.json");
            assertThatThrownBy(() -> EsbuildBinary.extractInto(tools, empty))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("esbuild 0.28.2 is not in this build");
        }
        try (var entries = Files.list(tools.resolve("node_modules"))) {
            assertThat(entries).as("a failed extraction leaves nothing behind").isEmpty();
        }
    }
}
