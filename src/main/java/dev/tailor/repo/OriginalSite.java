package dev.tailor.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Where the base website comes from: either the user's own git repository
 * ({@code ORIGINAL_REPO_PATH}) or the demo site bundled inside Tailor's jar, turned into a
 * git repository on first use so the rest of Tailor only ever deals with "a git repository
 * with at least one commit".
 */
public final class OriginalSite {
    /** Classpath directory of the demo site that ships inside Tailor's jar. */
    public static final String BUNDLED_DEMO_SITE = "examples/acme-site";
    /** Every site has this at its root; it is how the bundled copy is found on the classpath. */
    public static final String MARKER_FILE = "tailor.json";
    static final String BUNDLED_COMMIT_MESSAGE = "Original website (bundled demo site)";

    private OriginalSite() {
    }

    /**
     * The original site to personalize: {@code originalRepoPathSetting} when the user set
     * ORIGINAL_REPO_PATH (it must already be a git repository with a commit), otherwise the
     * bundled demo site materialized at {@code bundledTarget}.
     *
     * @param originalRepoPathSetting the ORIGINAL_REPO_PATH value, or null/blank when unset
     */
    public static Path resolve(String originalRepoPathSetting, Path bundledTarget) {
        if (originalRepoPathSetting != null && !originalRepoPathSetting.isBlank()) {
            return requireGitRepository(Path.of(originalRepoPathSetting.strip()));
        }
        return materializeBundled(BUNDLED_DEMO_SITE, bundledTarget);
    }

    /** {@link #materializeBundled(ClassLoader, String, Path)} with Tailor's own class loader. */
    public static Path materializeBundled(String classpathDir, Path target) {
        return materializeBundled(OriginalSite.class.getClassLoader(), classpathDir, target);
    }

    /**
     * Copies the site under {@code classpathDir} (a classpath directory holding a
     * {@value #MARKER_FILE}) to {@code target} and commits it as a new git repository.
     * If {@code target} already is a git repository it is left alone, so restarts and user
     * edits to the materialized copy are kept. Works for resources in plain directories and
     * inside jars. The copy is built next to the target and moved into place only once
     * committed, so a crash never leaves a half-made repository behind.
     *
     * @return {@code target}
     */
    public static Path materializeBundled(ClassLoader loader, String classpathDir, Path target) {
        Path targetDir = target.toAbsolutePath().normalize();
        if (isGitRepository(targetDir)) {
            return target;
        }
        if (Files.isDirectory(targetDir) && !isEmptyDirectory(targetDir)) {
            throw new IllegalStateException("Cannot put the bundled demo site at " + targetDir
                    + ": the directory already has files but is not a git repository. "
                    + "Empty it, or point ORIGINAL_REPO_PATH at your own site's git repository.");
        }
        String dir = trimSlashes(classpathDir);
        URL marker = loader.getResource(dir + "/" + MARKER_FILE);
        if (marker == null) {
            throw new IllegalStateException("The bundled site '" + dir + "' is not on the classpath: no resource "
                    + dir + "/" + MARKER_FILE + " was found (is it packaged into the jar?)");
        }
        Path staging = null;
        try {
            Files.createDirectories(targetDir.getParent());
            staging = Files.createTempDirectory(targetDir.getParent(), "." + targetDir.getFileName() + "-staging-");
            copyClasspathTree(marker, dir, staging);
            commitAll(staging, BUNDLED_COMMIT_MESSAGE);
            if (Files.isDirectory(targetDir)) {
                Files.delete(targetDir); // empty, checked above
            }
            Files.move(staging, targetDir, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
            return target;
        } catch (IOException e) {
            throw new RepoException("Could not materialize the bundled site '" + dir + "' at " + targetDir + ": " + e, e);
        } finally {
            if (staging != null) {
                deleteRecursively(staging);
            }
        }
    }

    /**
     * Checks that {@code originalRepoPath} (the user's ORIGINAL_REPO_PATH) is a git repository
     * with at least one commit; Tailor pins variants to commits, so uncommitted sites can't work.
     *
     * @return the absolute, normalized path
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public static Path requireGitRepository(Path originalRepoPath) {
        Path dir = originalRepoPath.toAbsolutePath().normalize();
        String fix = "Make it one: cd " + dir + " && git init && git add -A && git commit -m 'Original website'";
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("ORIGINAL_REPO_PATH=" + originalRepoPath
                    + " does not exist or is not a directory; it must be a git repository with at least one commit.");
        }
        if (!isGitRepository(dir)) {
            throw new IllegalArgumentException("ORIGINAL_REPO_PATH=" + originalRepoPath
                    + " is not a git repository; it must be a git repository with at least one commit. " + fix);
        }
        if (headCommit(dir) == null) {
            throw new IllegalArgumentException("ORIGINAL_REPO_PATH=" + originalRepoPath
                    + " is a git repository without any commit; it must have at least one. "
                    + "Commit the site: cd " + dir + " && git add -A && git commit -m 'Original website'");
        }
        return dir;
    }

    /** True when {@code dir} itself (not a parent) is a git working tree or a bare repository. */
    static boolean isGitRepository(Path dir) {
        try (Repository ignored = openRepository(dir)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The commit HEAD points to, or null when the repository has none yet. */
    static ObjectId headCommit(Path repoDir) {
        try (Repository repo = openRepository(repoDir)) {
            return repo.resolve(Constants.HEAD + "^{commit}");
        } catch (IOException e) {
            throw new RepoException("Could not read HEAD of the git repository at " + repoDir + ": " + e, e);
        }
    }

    /**
     * Opens the repository whose working tree (or bare git directory) is exactly {@code dir}.
     * Unlike JGit's usual discovery this never climbs to a parent repository, and it
     * follows {@code .git} files (submodules, linked worktrees).
     */
    static Repository openRepository(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new RepositoryNotFoundException(dir.toFile());
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
        if (Files.exists(dir.resolve(Constants.DOT_GIT))) {
            builder.setWorkTree(dir.toFile());
        } else if (RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
            builder.setGitDir(dir.toFile());
        } else {
            throw new RepositoryNotFoundException(dir.toFile());
        }
        return builder.build();
    }

    private static void copyClasspathTree(URL marker, String dir, Path destination) throws IOException {
        switch (marker.getProtocol()) {
            case "file" -> copyTree(toPath(marker).getParent(), destination);
            case "jar" -> {
                Path jar = toPath(((JarURLConnection) marker.openConnection()).getJarFileURL());
                // a private file system (not registered by URI), so concurrent users of the jar don't collide
                try (FileSystem jarFs = FileSystems.newFileSystem(jar, (ClassLoader) null)) {
                    copyTree(jarFs.getPath("/" + dir), destination);
                }
            }
            default -> throw new IllegalStateException("The bundled site '" + dir + "' is at " + marker
                    + ", which Tailor can't copy from (only file: and jar: resources are supported)");
        }
    }

    private static Path toPath(URL url) throws IOException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("Cannot turn " + url + " into a file path: " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path source, Path destination) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(source)) {
            entries = walk.toList();
        }
        for (Path entry : entries) {
            // relativize as a string: source may live in a jar file system, destination on disk
            String relative = source.relativize(entry).toString();
            if (relative.isEmpty()) {
                continue;
            }
            Path copy = destination.resolve(relative);
            if (Files.isDirectory(entry)) {
                Files.createDirectories(copy);
            } else {
                Files.createDirectories(copy.getParent());
                Files.copy(entry, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void commitAll(Path workTree, String message) {
        try (Git git = Git.init().setDirectory(workTree.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage(message).setAuthor(GitIdentity.now()).setCommitter(GitIdentity.now())
                    .setSign(false).setNoVerify(true).call();
        } catch (GitAPIException e) {
            throw new RepoException("Could not commit the site copied to " + workTree + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + dir, e);
        }
    }

    private static String trimSlashes(String classpathDir) {
        String dir = classpathDir.strip();
        while (dir.startsWith("/")) {
            dir = dir.substring(1);
        }
        while (dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        if (dir.isEmpty()) {
            throw new IllegalArgumentException("classpathDir '" + classpathDir + "' names no directory");
        }
        return dir;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging dir is harmless
        }
    }
}
