package dev.tailor.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

/**
 * The main deployment repository (MAIN_REPO_PATH):
 * <pre>
 * deployment-repo/
 * ├── original-website/                    git submodule of ORIGINAL_REPO_PATH, pinned to the base commit
 * ├── variants/&lt;audience&gt;/&lt;PageFile&gt;.jsx   one generated page component per audience
 * ├── variants/&lt;audience&gt;/deployment.json  its deployment metadata (records the base commit)
 * └── .git                                 history of every variant
 * </pre>
 * All methods are synchronized: many optimization jobs commit concurrently, and git's index
 * admits one writer at a time. Use one instance per main repository path.
 */
public final class VariantRepo implements AutoCloseable {
    /** The submodule's name and path inside the main repository. */
    public static final String ORIGINAL_DIR = "original-website";

    private static final String BRANCH = "main";
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{7,40}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String README = """
            # Tailor deployment repository

            Tailor writes here; every personalized variant is one commit.

            ```
            original-website/                 git submodule of the original site, pinned to the
                                              commit variants are generated from (the base commit)
            variants/<audience>/<Page>.jsx    the page component rewritten for one audience
            variants/<audience>/deployment.json  how that variant was made and deployed,
                                              including the base commit it was made from
            ```

            When the original site gets new commits, Tailor moves the submodule to them in a commit
            "Update original website to <sha>"; variants whose deployment.json names an older base
            commit are stale and get regenerated.

            Clone with the original site: `git clone --recurse-submodules <this repo>`
            (for a local path add `-c protocol.file.allow=always`).
            """;

    private final Path root;
    private final Repository repository;
    private final Git git;
    private String baseCommit;
    /** The original site's own repository (ORIGINAL_REPO_PATH), followed by {@link #followOriginal}. */
    private Path original;

    private VariantRepo(Path root, Repository repository, String baseCommit) {
        this.root = root;
        this.repository = repository;
        this.git = new Git(repository);
        this.baseCommit = baseCommit;
    }

    /**
     * Opens the main repository at {@code mainRepoPath}, creating it if missing, and pins its
     * {@value #ORIGINAL_DIR} submodule to the current HEAD of {@code originalRepoPath}:
     * <ul>
     *   <li>new repository: README.md plus the submodule, committed as "Track original website at &lt;sha&gt;";</li>
     *   <li>existing repository whose pin differs from the original's HEAD: the submodule is fetched and
     *       checked out at the new commit, committed as "Update original website to &lt;sha&gt;";</li>
     *   <li>existing repository after a restart: reused as is (a missing submodule checkout is restored).</li>
     * </ul>
     * If the original moved to another path, the submodule URL is updated in the same commit.
     *
     * @throws IllegalArgumentException if the original is not a git repository with a commit, or
     *                                  {@code mainRepoPath} holds files but is no git repository
     */
    public static VariantRepo open(Path mainRepoPath, Path originalRepoPath) {
        Path original = OriginalSite.requireGitRepository(originalRepoPath);
        ObjectId originalHead = OriginalSite.headCommit(original);
        Path root = mainRepoPath.toAbsolutePath().normalize();
        Repository repository = null;
        try {
            if (OriginalSite.isGitRepository(root)) {
                repository = OriginalSite.openRepository(root);
            } else {
                requireEmptyOrMissing(root);
                Files.createDirectories(root);
                repository = Git.init().setDirectory(root.toFile()).setInitialBranch(BRANCH).call().getRepository();
            }
            VariantRepo repo = new VariantRepo(root, repository, null);
            repo.pinOriginal(original, originalHead);
            return repo;
        } catch (IOException | GitAPIException | ConfigInvalidException e) {
            if (repository != null) {
                repository.close();
            }
            throw new RepoException("Could not open the main repository MAIN_REPO_PATH=" + mainRepoPath
                    + " with original " + original + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (repository != null) {
                repository.close();
            }
            throw e;
        }
    }

    /** The main repository's working tree. */
    public Path root() {
        return root;
    }

    /** Full id of the original-website commit the submodule is pinned to; variants are made from it. */
    public synchronized String baseCommit() {
        return baseCommit;
    }

    /** The original site's HEAD commit when it is no longer {@link #baseCommit()}: the site has a new commit. */
    public synchronized Optional<String> originalMoved() {
        ObjectId head = OriginalSite.headCommit(original);
        return head == null || head.getName().equals(baseCommit) ? Optional.empty() : Optional.of(head.getName());
    }

    /**
     * Checks the original site out at {@code commit} into {@code target} (a fresh clone), to try a
     * new commit without touching {@link #originalCheckout()}, which variants keep building from.
     */
    public void cloneOriginalAt(String commit, Path target) {
        try (Git clone = Git.cloneRepository().setURI(original.toUri().toString()).setDirectory(target.toFile())
                .setNoCheckout(true).call()) {
            clone.checkout().setName(commit).setForced(true).call();
        } catch (GitAPIException e) {
            throw new RepoException("Could not check out the original website's commit " + commit + " from " + original
                    + " into " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the submodule to {@code commit} of the original site, committed as "Update original
     * website to &lt;sha&gt;"; from then on {@link #baseCommit()} is {@code commit}.
     */
    public synchronized void followOriginal(String commit) {
        try {
            pinOriginal(original, ObjectId.fromString(commit));
        } catch (IOException | GitAPIException | ConfigInvalidException e) {
            throw new RepoException("Could not move " + ORIGINAL_DIR + " of " + root + " to " + commit + ": " + e.getMessage(), e);
        }
    }

    /** The submodule's working tree, checked out at {@link #baseCommit()}: build variants from here. */
    public Path originalCheckout() {
        return root.resolve(ORIGINAL_DIR);
    }

    /**
     * Writes {@code variants/<audience>/<pageFileName>} and {@code variants/<audience>/deployment.json}
     * and commits both in one commit with {@code message}, authored by Tailor.
     * If both files already hold exactly this content, no (empty) commit is made and the current
     * HEAD is returned instead, so re-committing an unchanged variant is harmless.
     *
     * @return the full id of the commit holding this variant
     * @throws IllegalArgumentException naming the bad value if the audience, file name,
     *                                  deployment JSON or message is invalid
     */
    public synchronized String commitVariant(String audience, String pageFileName, String code,
                                             String deploymentJson, String message) {
        VariantPath path = new VariantPath(audience, pageFileName);
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code for " + path.pageFile() + " is empty");
        }
        return commitVariant(audience, java.util.Map.of(pageFileName, code), deploymentJson, message);
    }

    /**
     * Writes every page of a variant of several pages, {@code variants/<audience>/<pageFileName>} for each
     * entry of {@code pages}, and {@code variants/<audience>/deployment.json}, and commits them in one commit,
     * as {@link #commitVariant(String, String, String, String, String)} does for one.
     *
     * @param pages page file name → that page's code
     */
    public synchronized String commitVariant(String audience, java.util.Map<String, String> pages,
                                             String deploymentJson, String message) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("a variant of " + audience + " with no page to commit");
        }
        List<VariantPath> paths = new ArrayList<>();
        for (var page : new java.util.TreeMap<>(pages).entrySet()) {
            VariantPath path = new VariantPath(audience, page.getKey());
            if (page.getValue() == null || page.getValue().isBlank()) {
                throw new IllegalArgumentException("code for " + path.pageFile() + " is empty");
            }
            paths.add(path);
        }
        VariantPath first = paths.get(0);
        requireJsonObject(deploymentJson, first);
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("commit message for " + first.pageFile() + " is empty");
        }
        try {
            var add = git.add().addFilepattern(first.deploymentFile());
            for (VariantPath path : paths) {
                write(path.pageFile(), pages.get(path.pageFileName()));
                add.addFilepattern(path.pageFile());
            }
            write(first.deploymentFile(), deploymentJson);
            add.call();
            boolean unchanged = git.diff().setCached(true).setShowNameAndStatusOnly(true)
                    .setPathFilter(PathFilter.create(first.directory())).call().isEmpty();
            if (unchanged) {
                return repository.resolve(Constants.HEAD).getName();
            }
            return commit(message).getName();
        } catch (IOException | GitAPIException e) {
            paths.forEach(this::unstage);
            throw new RepoException("Could not commit variant " + first.pageFile() + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The content of {@code path} (relative to the repository root, e.g.
     * {@code variants/alyssa/Homepage.jsx}) at commit {@code commitSha}.
     *
     * @return empty when the commit or the file does not exist
     * @throws IllegalArgumentException when {@code commitSha} is not a 7-40 digit hex commit id
     */
    public synchronized Optional<String> readFile(String commitSha, String path) {
        if (commitSha == null || !COMMIT_ID.matcher(commitSha).matches()) {
            throw new IllegalArgumentException("commit id \"" + commitSha + "\" is not 7-40 lowercase hex digits");
        }
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("path \"" + path + "\" must be relative to the repository root, like "
                    + "variants/alyssa/Homepage.jsx");
        }
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId id = repository.resolve(commitSha + "^{commit}");
            if (id == null) {
                return Optional.empty();
            }
            RevCommit commit = walk.parseCommit(id);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (tree == null || (tree.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
                    return Optional.empty();
                }
                ObjectLoader blob = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                return Optional.of(new String(blob.getBytes(), StandardCharsets.UTF_8));
            }
        } catch (MissingObjectException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RepoException("Could not read " + path + " at " + commitSha + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The newest {@code limit} commits of the main repository, newest first. */
    public synchronized List<VariantCommit> history(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("history limit " + limit + " is out of range 1-10000");
        }
        try {
            List<VariantCommit> commits = new ArrayList<>();
            for (RevCommit commit : git.log().setMaxCount(limit).call()) {
                commits.add(new VariantCommit(commit.getName(), commit.getFullMessage(),
                        Instant.ofEpochSecond(commit.getCommitTime()), changedAudience(commit)));
            }
            return commits;
        } catch (IOException | GitAPIException e) {
            throw new RepoException("Could not read the history of " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        git.close();
        repository.close();
    }

    /** Makes the submodule exist, point at {@code original}, and be pinned to {@code originalHead}. */
    private synchronized void pinOriginal(Path original, ObjectId originalHead)
            throws IOException, GitAPIException, ConfigInvalidException {
        String url = original.toString();
        writeReadmeIfMissing();
        FileBasedConfig gitmodules = new FileBasedConfig(root.resolve(Constants.DOT_GIT_MODULES).toFile(), FS.DETECTED);
        gitmodules.load();
        String recordedUrl = gitmodules.getString(ConfigConstants.CONFIG_SUBMODULE_SECTION, ORIGINAL_DIR,
                ConfigConstants.CONFIG_KEY_URL);
        boolean urlChanged = false;
        if (recordedUrl == null) {
            git.submoduleAdd().setName(ORIGINAL_DIR).setPath(ORIGINAL_DIR).setURI(url).call().close();
        } else {
            if (!recordedUrl.equals(url)) {
                // the user moved ORIGINAL_REPO_PATH: follow it, and say so in the next commit
                gitmodules.setString(ConfigConstants.CONFIG_SUBMODULE_SECTION, ORIGINAL_DIR, ConfigConstants.CONFIG_KEY_URL, url);
                gitmodules.save();
                git.submoduleSync().addPath(ORIGINAL_DIR).call();
                urlChanged = true;
            }
            if (SubmoduleWalk.getSubmoduleRepository(repository, ORIGINAL_DIR) == null) {
                // e.g. the main repo was cloned without --recurse-submodules, or the checkout was deleted
                git.submoduleInit().addPath(ORIGINAL_DIR).call();
                git.submoduleUpdate().addPath(ORIGINAL_DIR).call();
            }
        }
        ObjectId pinned = pinnedInHead();
        checkOutInSubmodule(originalHead);
        stageGitlink(originalHead);
        git.add().addFilepattern(Constants.DOT_GIT_MODULES).addFilepattern("README.md").call();
        if (pinned == null || !pinned.equals(originalHead) || urlChanged) {
            String shortSha = originalHead.abbreviate(7).name();
            String message = pinned == null ? "Track original website at " + shortSha
                    : "Update original website to " + shortSha;
            if (urlChanged) {
                message += "\n\nThe original website's repository is now " + url;
            }
            commit(message);
        }
        baseCommit = originalHead.getName();
        this.original = original;
    }

    private void checkOutInSubmodule(ObjectId commit) throws IOException, GitAPIException {
        try (Repository sub = SubmoduleWalk.getSubmoduleRepository(repository, ORIGINAL_DIR)) {
            if (sub == null) {
                throw new RepoException("The " + ORIGINAL_DIR + " submodule of " + root + " has no checkout");
            }
            try (Git subGit = new Git(sub)) {
                if (!sub.getObjectDatabase().has(commit)) {
                    // HEAD too, for an original whose HEAD is detached and on no branch
                    subGit.fetch().setRemote(Constants.DEFAULT_REMOTE_NAME).setRefSpecs(
                            new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
                            new RefSpec("+HEAD:refs/tailor/original-head")).call();
                }
                if (!sub.getObjectDatabase().has(commit)) {
                    throw new RepoException("The original website's commit " + commit.getName()
                            + " could not be fetched into " + originalCheckout());
                }
                ObjectId current = sub.resolve(Constants.HEAD);
                if (!commit.equals(current)) {
                    // forced: the checkout belongs to Tailor, and must match the pinned commit exactly
                    subGit.checkout().setName(commit.getName()).setForced(true).call();
                }
            }
        }
    }

    /** Sets the submodule's gitlink in the index to exactly {@code commit}. */
    private void stageGitlink(ObjectId commit) throws IOException {
        DirCache index = repository.lockDirCache();
        try {
            DirCacheEditor editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit(ORIGINAL_DIR) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.GITLINK);
                    entry.setObjectId(commit);
                }
            });
            editor.commit();
        } finally {
            index.unlock();
        }
    }

    private ObjectId pinnedInHead() throws IOException {
        ObjectId head = repository.resolve(Constants.HEAD + "^{tree}");
        if (head == null) {
            return null;
        }
        try (TreeWalk tree = TreeWalk.forPath(repository, ORIGINAL_DIR, head)) {
            return tree == null || tree.getFileMode(0) != FileMode.GITLINK ? null : tree.getObjectId(0);
        }
    }

    private RevCommit commit(String message) throws GitAPIException {
        return git.commit().setMessage(message).setAuthor(GitIdentity.now()).setCommitter(GitIdentity.now())
                .setSign(false).setNoVerify(true).call();
    }

    private String changedAudience(RevCommit commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.setRecursive(true);
            tree.setFilter(AndTreeFilter.create(PathFilter.create(VariantPath.VARIANTS_DIR), TreeFilter.ANY_DIFF));
            if (commit.getParentCount() > 0) {
                tree.addTree(walk.parseCommit(commit.getParent(0)).getTree());
            } else {
                tree.addTree(new EmptyTreeIterator());
            }
            tree.addTree(walk.parseCommit(commit).getTree());
            if (!tree.next()) {
                return null;
            }
            String[] segments = tree.getPathString().split("/");
            return segments.length > 2 ? segments[1] : null;
        }
    }

    /** After a failed commit: keep a half-staged variant out of the next audience's commit. */
    private void unstage(VariantPath path) {
        try {
            git.reset().addPath(path.pageFile()).addPath(path.deploymentFile()).call();
        } catch (GitAPIException | RuntimeException ignored) {
            // best effort: the original failure is what gets reported
        }
    }

    private void write(String relativePath, String content) throws IOException {
        Path file = root.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private void writeReadmeIfMissing() throws IOException {
        Path readme = root.resolve("README.md");
        if (!Files.exists(readme)) {
            Files.writeString(readme, README, StandardCharsets.UTF_8);
        }
    }

    private static void requireJsonObject(String deploymentJson, VariantPath path) {
        String problem;
        try {
            JsonNode node = deploymentJson == null ? null : JSON.readTree(deploymentJson);
            problem = node != null && node.isObject() ? null : "is not a JSON object";
        } catch (JsonProcessingException e) {
            problem = "is not valid JSON (" + e.getOriginalMessage() + ")";
        }
        if (problem != null) {
            throw new IllegalArgumentException("deployment metadata for " + path.deploymentFile() + " " + problem);
        }
    }

    private static void requireEmptyOrMissing(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("MAIN_REPO_PATH=" + root + " is a file, not a directory");
        }
        try (Stream<Path> children = Files.list(root)) {
            if (children.findAny().isPresent()) {
                throw new IllegalArgumentException("MAIN_REPO_PATH=" + root + " has files but is not a git repository;"
                        + " point it at an empty or missing directory (Tailor creates the repository) or at a"
                        + " repository Tailor created before");
            }
        }
    }
}
