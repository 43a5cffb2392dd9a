package dev.tailor.build;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a directory of classpath resources to disk. Works both when the resources live in
 * their own jar (tests, from ~/.m2) and when everything is merged into one shaded jar, and when
 * they are plain files (an exploded classpath).
 */
final class ClasspathTree {

    private final ClassLoader classLoader;

    ClasspathTree(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * Copies every file under {@code resourceDir} into {@code target} (which must not exist yet).
     *
     * @param knownFile a file that must exist directly in {@code resourceDir}; jars often carry no
     *                  directory entries, so the directory itself cannot be looked up
     */
    void copy(String resourceDir, String knownFile, Path target) throws IOException {
        String resource = resourceDir + "/" + knownFile;
        URL url = classLoader.getResource(resource);
        if (url == null) {
            throw new IOException("classpath resource " + resource + " not found; is its jar on the classpath?");
        }
        switch (url.getProtocol()) {
            case "file" -> copyTree(toPath(url).getParent(), target);
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                Path jar = toPath(connection.getJarFileURL());
                // a private FileSystem instance per copy: no global registry, closed when done
                try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                    copyTree(zip.getPath("/" + resourceDir), target);
                }
            }
            default -> throw new IOException("cannot copy classpath resource " + url + ": unsupported URL scheme");
        }
    }

    private static Path toPath(URL url) throws IOException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot turn " + url + " into a file path", e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        if (files.isEmpty()) {
            throw new IOException("classpath directory " + source + " holds no files");
        }
        for (Path file : files) {
            // relativize within the source file system, then re-resolve by string: the two paths
            // may belong to different FileSystem providers (zip vs default)
            Path destination = target.resolve(source.relativize(file).toString());
            Files.createDirectories(destination.getParent());
            try (InputStream in = Files.newInputStream(file)) {
                Files.copy(in, destination);
            }
        }
    }
}
