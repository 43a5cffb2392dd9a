package dev.tailor.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a React site (optionally with some files replaced, e.g. the personalized page component)
 * into an immutable artifact directory {@code <artifactsRoot>/<id>/}, where the id is a hash of
 * everything that determines the output. Same inputs → same id → the existing directory is reused.
 */
public final class SiteBuilder {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Bump when the esbuild flags or index.html change, so old artifacts are not mistaken for new ones. */
    private static final String RECIPE = "tailor-site-build-v3";
    private static final int ID_HEX_CHARS = 20;
    private static final Pattern ARTIFACT_ID = Pattern.compile("[0-9a-f]{16,64}");
    /** Inside each artifact dir, but not one of its served {@link Artifact#files()}. */
    static final String MANIFEST = ".tailor-artifact.json";
    private static final String STAGING_PREFIX = ".staging-";
    private static final List<String> FILE_LOADER_EXTENSIONS = List.of(
            "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "woff", "woff2", "ttf", "otf", "eot", "mp4", "webm");

    private final EsbuildBinary esbuild;
    private final NodeModules nodeModules;
    private final Path artifactsRoot;
    private final Duration timeout;
    private final ServedPaths paths;
    private final Optional<Path> installRoot;
    private final ObjectMapper json = new ObjectMapper();

    public SiteBuilder(EsbuildBinary esbuild, NodeModules nodeModules, Path artifactsRoot) {
        this(esbuild, nodeModules, artifactsRoot, DEFAULT_TIMEOUT);
    }

    public SiteBuilder(EsbuildBinary esbuild, NodeModules nodeModules, Path artifactsRoot, Duration timeout) {
        this(esbuild, nodeModules, artifactsRoot, timeout, ServedPaths.DEFAULT);
    }

    /** @param paths where the built pages load their files and the tracker from */
    public SiteBuilder(EsbuildBinary esbuild, NodeModules nodeModules, Path artifactsRoot, Duration timeout, ServedPaths paths) {
        this(esbuild, nodeModules, artifactsRoot, timeout, paths, Optional.empty());
    }

    private SiteBuilder(EsbuildBinary esbuild, NodeModules nodeModules, Path artifactsRoot, Duration timeout, ServedPaths paths,
                        Optional<Path> installRoot) {
        this.paths = paths;
        this.installRoot = installRoot;
        this.esbuild = esbuild;
        this.nodeModules = nodeModules;
        this.artifactsRoot = artifactsRoot.toAbsolutePath().normalize();
        this.timeout = timeout;
    }

    /**
     * This builder, bundling the npm packages installed in {@code <siteDir>/node_modules} for a site
     * whose own checkout has none: Tailor builds from its own checkout of the site (git holds no
     * {@code node_modules}), while the team installs its dependencies in theirs (ORIGINAL_REPO_PATH).
     */
    public SiteBuilder withDependenciesInstalledIn(Path siteDir) {
        return new SiteBuilder(esbuild, nodeModules, artifactsRoot, timeout, paths, Optional.of(siteDir.toAbsolutePath().normalize()));
    }

    public Path artifactsRoot() {
        return artifactsRoot;
    }

    /**
     * @param siteRoot  the site's checkout; never modified
     * @param entry     the bundle's entry, relative to {@code siteRoot}, e.g. {@code src/main.jsx}
     * @param title     the page title written into index.html
     * @param overrides relative path → content that replaces or adds that file for this build only
     */
    public Artifact build(Path siteRoot, String entry, String title, Map<String, String> overrides) throws BuildException {
        long started = System.nanoTime();
        if (title == null) {
            throw new BuildException("title is missing (null) for the build of " + siteRoot);
        }
        SiteSnapshot.requireSafeRelativePath(entry, "entry");
        SiteSnapshot snapshot = SiteSnapshot.read(siteRoot, overrides);
        if (!snapshot.contains(entry)) {
            throw new BuildException("entry '" + entry + "' is not a file in site " + siteRoot);
        }
        InstalledDependencies dependencies = installedDependencies(siteRoot);
        String id = artifactId(snapshot, dependencies, entry, title);
        Optional<Artifact> existing = open(id);
        if (existing.isPresent()) {
            return existing.get();
        }

        Path staging = null;
        try {
            Files.createDirectories(artifactsRoot);
            // staging lives beside the artifacts so the final rename stays on one file system;
            // the leading dot keeps it from ever looking like an artifact id
            staging = Files.createTempDirectory(artifactsRoot, STAGING_PREFIX + id + "-");
            Path site = staging.resolve("site");
            Path out = staging.resolve("out");
            snapshot.writeTo(site);
            runEsbuild(site, entry, out, id, dependencies);
            // an entry the build adds (Tailor's generated mount) is one the site's own page cannot load
            boolean entryAdded = overrides.containsKey(entry) && !Files.isRegularFile(siteRoot.resolve(entry));
            List<String> files = writeIndexHtml(snapshot, out, id, title, entry, entryAdded);
            long buildMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            writeManifest(out, id, files, buildMillis);
            Path target = artifactsRoot.resolve(id);
            try {
                Files.move(out, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveFailed) {
                // a concurrent build of the same inputs finished first (rename(2) reports ENOTEMPTY,
                // which Java does not always map to DirectoryNotEmptyException); its output is equivalent
                if (!Files.isDirectory(target)) {
                    throw moveFailed;
                }
                return open(id).orElseThrow(() -> new BuildException(
                        "artifact dir " + target + " exists but holds no complete artifact; remove it and rebuild"));
            }
            return new Artifact(id, target, files, buildMillis);
        } catch (IOException e) {
            throw new BuildException("build of " + siteRoot + " (entry " + entry + ") failed: " + e, e);
        } finally {
            TreeDeletion.deleteQuietly(staging);
        }
    }

    /**
     * Deletes staging dirs a crashed build left behind. Call at startup, before builds run; a build
     * in progress in another process would lose its staging dir if it is older than {@code olderThan}.
     *
     * @return how many were removed
     */
    public int removeAbandonedStaging(Duration olderThan) throws IOException {
        if (!Files.isDirectory(artifactsRoot)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(olderThan);
        List<Path> abandoned;
        try (Stream<Path> entries = Files.list(artifactsRoot)) {
            abandoned = entries.filter(path -> path.getFileName().toString().startsWith(STAGING_PREFIX))
                    .filter(path -> {
                        try {
                            return Files.getLastModifiedTime(path).toInstant().isBefore(cutoff);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList();
        }
        abandoned.forEach(TreeDeletion::deleteQuietly);
        return abandoned.size();
    }

    /**
     * The artifact with this id, when a complete one is on disk (used after a restart).
     *
     * @throws IllegalArgumentException when the id is not plain lowercase hex (e.g. a path)
     * @throws BuildException           when the directory exists but is damaged
     */
    public Optional<Artifact> open(String id) throws BuildException {
        if (id == null || !ARTIFACT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("artifact id must be 16-64 lowercase hex characters, got '" + id + "'");
        }
        Path dir = artifactsRoot.resolve(id);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path manifest = dir.resolve(MANIFEST);
        try {
            JsonNode node = json.readTree(manifest.toFile());
            List<String> files = new ArrayList<>();
            node.path("files").forEach(file -> files.add(file.asText()));
            if (!id.equals(node.path("id").asText()) || files.isEmpty()) {
                throw new BuildException("artifact " + id + " has a manifest " + manifest + " for another or no build");
            }
            for (String file : files) {
                if (!Files.isRegularFile(dir.resolve(file))) {
                    throw new BuildException("artifact " + id + " is damaged: " + file + " is missing from " + dir);
                }
            }
            return Optional.of(new Artifact(id, dir, files, node.path("buildMillis").asLong()));
        } catch (IOException e) {
            throw new BuildException("artifact " + id + " in " + dir + " has no readable manifest " + MANIFEST + ": " + e.getMessage(), e);
        }
    }

    /** The site checkout's own node_modules, else the one installed where the team works on the site. */
    private InstalledDependencies installedDependencies(Path siteRoot) throws BuildException {
        InstalledDependencies own = InstalledDependencies.of(siteRoot);
        if (own.nodeModules().isPresent() || installRoot.isEmpty()) {
            return own;
        }
        return InstalledDependencies.of(installRoot.get());
    }

    private String artifactId(SiteSnapshot snapshot, InstalledDependencies dependencies, String entry, String title) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        // each field is length-prefixed so no two different inputs can concatenate to the same bytes
        digestField(sha256, RECIPE.getBytes(StandardCharsets.UTF_8));
        digestField(sha256, esbuild.version().getBytes(StandardCharsets.UTF_8));
        for (NodeModules.NpmPackage npmPackage : nodeModules.packages()) {
            digestField(sha256, (npmPackage.name() + "@" + npmPackage.version()).getBytes(StandardCharsets.UTF_8));
        }
        for (String installed : dependencies.installed()) { // another version of a site's package is another bundle
            digestField(sha256, installed.getBytes(StandardCharsets.UTF_8));
        }
        digestField(sha256, entry.getBytes(StandardCharsets.UTF_8));
        digestField(sha256, title.getBytes(StandardCharsets.UTF_8));
        if (!paths.legacy()) { // a page built for other paths is another artifact; the default keeps its old ids
            digestField(sha256, paths.artifactBase("").getBytes(StandardCharsets.UTF_8));
            digestField(sha256, paths.trackerTag().getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> file : snapshot.files().entrySet()) {
            digestField(sha256, file.getKey().getBytes(StandardCharsets.UTF_8));
            digestField(sha256, file.getValue());
        }
        return HexFormat.of().formatHex(sha256.digest()).substring(0, ID_HEX_CHARS);
    }

    private static void digestField(MessageDigest digest, byte[] bytes) {
        long length = bytes.length;
        for (int shift = 56; shift >= 0; shift -= 8) {
            digest.update((byte) (length >>> shift));
        }
        digest.update(bytes);
    }

    /**
     * A standalone script (the tracker) minified by esbuild, as every page's bundle is: what browsers
     * download on every page of the site is kept as small as it can be.
     */
    public byte[] minify(byte[] script) throws BuildException, IOException {
        Path dir = Files.createTempDirectory(artifactsRoot.toAbsolutePath().getParent(), ".minify-");
        try {
            Path work = Files.createDirectory(dir.resolve("work")); // esbuild's report goes beside it, in dir
            Path in = work.resolve("script.js");
            Path out = work.resolve("script.min.js");
            Files.write(in, script);
            runEsbuild(List.of(esbuild.path().toString(), in.toString(), "--minify", "--target=es2019",
                    "--outfile=" + out, "--log-level=error", "--color=false"), work, "the tracker", Optional.empty());
            return Files.readAllBytes(out);
        } finally {
            TreeDeletion.deleteQuietly(dir);
        }
    }

    private void runEsbuild(Path site, String entry, Path out, String id, InstalledDependencies dependencies)
            throws BuildException, IOException {
        List<String> command = new ArrayList<>(List.of(
                esbuild.path().toString(),
                entry,
                "--bundle",
                "--minify",
                "--format=iife",
                "--target=es2019",
                "--jsx=automatic",
                "--loader:.js=jsx",
                "--define:process.env.NODE_ENV=\"production\"",
                "--outdir=" + out,
                "--entry-names=app-[hash]",
                "--asset-names=assets/[name]-[hash]",
                "--public-path=" + paths.artifactBase(id),
                "--log-level=error",
                "--color=false"));
        for (String extension : FILE_LOADER_EXTENSIONS) {
            command.add("--loader:." + extension + "=file");
        }
        runEsbuild(command, site, entry, Optional.of(dependencies));
    }

    /**
     * Runs esbuild in {@code workDir} and fails with its errors, summarized, when it fails.
     *
     * @param what         what is built, for the messages
     * @param dependencies the site's own installed packages, resolved before Tailor's React
     */
    private void runEsbuild(List<String> command, Path workDir, String what, Optional<InstalledDependencies> dependencies)
            throws BuildException, IOException {
        Path stderr = workDir.getParent().resolve("esbuild.stderr");
        ProcessBuilder processBuilder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                // to a file, not a pipe: a chatty esbuild can never block on a full pipe buffer
                .redirectError(stderr.toFile());
        // esbuild needs nothing of Tailor's environment, which holds API keys (MORPH_API_KEY, …)
        processBuilder.environment().clear();
        // the site's packages first: a site that installed its own React gets its own React
        String nodePath = dependencies.flatMap(InstalledDependencies::nodeModules)
                .map(dir -> dir + java.io.File.pathSeparator).orElse("") + nodeModules.dir();
        processBuilder.environment().put("NODE_PATH", nodePath);
        Process process = processBuilder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new BuildException("esbuild did not finish building " + what + " within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BuildException("build of " + what + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            String report = Files.readString(stderr, StandardCharsets.UTF_8).strip();
            List<String> errors = EsbuildErrors.summarize(report);
            String summary = errors.isEmpty() ? report : String.join("; ", errors);
            List<String> missingPackages = dependencies.isEmpty() ? List.of() : EsbuildErrors.unresolved(report).stream()
                    .flatMap(specifier -> InstalledDependencies.packageOf(specifier).stream()).distinct()
                    .map(dependencies.get()::missing).toList();
            throw new BuildException((missingPackages.isEmpty() ? "" : String.join("; ", missingPackages) + ". ")
                    + "esbuild failed (exit " + process.exitValue() + ") building " + what + ": "
                    + summary + (errors.isEmpty() ? "" : "\n" + report));
        }
    }

    /**
     * Writes index.html pointing at the bundles esbuild produced (the site's own index.html when it has
     * one, else Tailor's) and copies the site's {@code public/} files; returns every file of the artifact.
     */
    private List<String> writeIndexHtml(SiteSnapshot snapshot, Path out, String id, String title, String entry, boolean entryAdded)
            throws IOException, BuildException {
        List<String> topLevel;
        try (Stream<Path> list = Files.list(out)) {
            topLevel = list.map(path -> path.getFileName().toString()).sorted().toList();
        }
        List<String> scripts = topLevel.stream().filter(name -> name.startsWith("app-") && name.endsWith(".js")).toList();
        List<String> styles = topLevel.stream().filter(name -> name.startsWith("app-") && name.endsWith(".css")).toList();
        if (scripts.size() != 1 || styles.size() > 1) {
            throw new BuildException("esbuild produced unexpected bundles " + topLevel + " in " + out
                    + "; expected one app-*.js and at most one app-*.css");
        }
        byte[] siteIndex = snapshot.files().get("index.html");
        String html = siteIndex == null ? IndexHtml.render(paths, id, title, scripts.get(0), styles.stream().findFirst())
                : IndexHtml.fromSite(new String(siteIndex, StandardCharsets.UTF_8), paths, id, title, entry, entryAdded,
                        scripts.get(0), styles.stream().findFirst());
        snapshot.writeTo(out, Artifact.PUBLIC_DIR + "/");
        Files.writeString(out.resolve("index.html"), html, StandardCharsets.UTF_8);
        if (!paths.legacy()) { // proxy mode: what the edge injects into the upstream's own page
            Files.writeString(out.resolve(IndexHtml.INJECT_HEAD), IndexHtml.injectHead(paths, id, styles.stream().findFirst()),
                    StandardCharsets.UTF_8);
            Files.writeString(out.resolve(IndexHtml.INJECT_ENTRY), IndexHtml.injectEntry(paths, id, scripts.get(0)),
                    StandardCharsets.UTF_8);
        }
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.filter(Files::isRegularFile)
                    .map(path -> out.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    private void writeManifest(Path out, String id, List<String> files, long buildMillis) throws IOException {
        ObjectNode manifest = json.createObjectNode();
        manifest.put("id", id);
        manifest.put("esbuildVersion", esbuild.version());
        manifest.put("buildMillis", buildMillis);
        manifest.put("builtAt", Instant.now().toString());
        ArrayNode list = manifest.putArray("files");
        files.forEach(list::add);
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve(MANIFEST).toFile(), manifest);
    }
}
