package dev.tailor.repo;

import static dev.tailor.testing.GitCli.git;
import static dev.tailor.testing.GitCli.tryGit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VariantRepoTest {
    static final String CODE = "export default function Homepage() {\n  return <main><h1>For Alyssa</h1></main>;\n}\n";
    static final String DEPLOYMENT = "{\n  \"audience\": \"alyssa\",\n  \"baseCommit\": \"abc\"\n}\n";

    @TempDir
    Path tmp;
    Path original;
    Path main;
    VariantRepo repo;

    @BeforeEach
    void setUp() {
        original = OriginalSite.materializeBundled(OriginalSiteTest.FIXTURE, tmp.resolve("original"));
        main = tmp.resolve("deployment-repo");
    }

    @AfterEach
    void tearDown() {
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void openCreatesTheMainRepositoryWithTheOriginalAsSubmodule() {
        String originalSha = git(original, "rev-parse", "HEAD");

        repo = VariantRepo.open(main, original);

        assertThat(git(main, "submodule", "status")).matches("^" + originalSha + " original-website( .*)?$");
        assertThat(main.resolve(".gitmodules")).exists();
        assertThat(git(main, "config", "-f", ".gitmodules", "submodule.original-website.url"))
                .isEqualTo(original.toAbsolutePath().toString());
        assertThat(git(main, "log", "--format=%s|%an <%ae>").lines())
                .containsExactly("Track original website at " + originalSha.substring(0, 7) + "|Tailor <tailor@localhost>");
        assertThat(git(main, "ls-files").lines()).contains("README.md", ".gitmodules", "original-website");
        assertThat(git(main, "status", "--porcelain")).isEmpty();
        assertThat(repo.baseCommit()).isEqualTo(originalSha);
        assertThat(repo.originalCheckout()).isEqualTo(main.toAbsolutePath().resolve("original-website"));
        assertThat(repo.originalCheckout().resolve("src/components/Homepage.jsx")).exists();
    }

    @Test
    void commitVariantMakesOneCommitWithBothFiles() {
        repo = VariantRepo.open(main, original);

        String sha = repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT, "Variant for alyssa: analytics first");

        assertThat(sha).isEqualTo(git(main, "rev-parse", "HEAD"));
        assertThat(git(main, "show", "HEAD", "--stat", "--format=").lines())
                .anySatisfy(line -> assertThat(line).contains("variants/alyssa/Homepage.jsx"))
                .anySatisfy(line -> assertThat(line).contains("variants/alyssa/deployment.json"));
        assertThat(git(main, "show", "HEAD", "--name-only", "--format=").lines())
                .containsExactlyInAnyOrder("variants/alyssa/Homepage.jsx", "variants/alyssa/deployment.json");
        assertThat(git(main, "show", "HEAD:variants/alyssa/Homepage.jsx") + "\n").isEqualTo(CODE);
        assertThat(git(main, "show", "HEAD:variants/alyssa/deployment.json") + "\n").isEqualTo(DEPLOYMENT);
        assertThat(git(main, "log", "-1", "--format=%B")).isEqualTo("Variant for alyssa: analytics first");
        assertThat(git(main, "log", "-1", "--format=%an <%ae>|%cn <%ce>"))
                .isEqualTo("Tailor <tailor@localhost>|Tailor <tailor@localhost>");
        assertThat(git(main, "rev-list", "--count", "HEAD")).isEqualTo("2");
        assertThat(git(main, "status", "--porcelain")).isEmpty();
    }

    @Test
    void unchangedVariantMakesNoNewCommitButAChangedOneDoes() {
        repo = VariantRepo.open(main, original);
        String first = repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT, "Variant for alyssa");

        String again = repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT, "Variant for alyssa, again");

        assertThat(again).isEqualTo(first);
        assertThat(git(main, "rev-list", "--count", "HEAD")).isEqualTo("2");

        String changed = repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT.replace("abc", "def"), "Redeploy");
        assertThat(changed).isNotEqualTo(first);
        assertThat(git(main, "show", "HEAD", "--name-only", "--format=").lines())
                .containsExactly("variants/alyssa/deployment.json");
    }

    @Test
    void eachAudienceGetsItsOwnDirectoryAndCommit() {
        repo = VariantRepo.open(main, original);

        repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT, "Variant for alyssa");
        repo.commitVariant("marcus", "Homepage.jsx", CODE.replace("Alyssa", "Marcus"), DEPLOYMENT, "Variant for marcus");

        assertThat(git(main, "ls-files", "variants").lines()).containsExactlyInAnyOrder(
                "variants/alyssa/Homepage.jsx", "variants/alyssa/deployment.json",
                "variants/marcus/Homepage.jsx", "variants/marcus/deployment.json");
        assertThat(git(main, "rev-list", "--count", "HEAD")).isEqualTo("3");
    }

    @Test
    void reopeningAfterARestartKeepsEverythingAndCommitsNothing() {
        repo = VariantRepo.open(main, original);
        String variant = repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT, "Variant for alyssa");
        String base = repo.baseCommit();
        repo.close();

        repo = VariantRepo.open(main, original);

        assertThat(git(main, "rev-parse", "HEAD")).isEqualTo(variant);
        assertThat(repo.baseCommit()).isEqualTo(base);
        assertThat(repo.readFile(variant, "variants/alyssa/Homepage.jsx")).contains(CODE);
    }

    @Test
    void newOriginalCommitMovesThePinInAnUpdateCommit() throws IOException {
        repo = VariantRepo.open(main, original);
        String oldBase = repo.baseCommit();
        repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT, "Variant for alyssa");
        repo.close();
        Files.writeString(original.resolve("src/components/Homepage.jsx"), "export default () => <h1>New design</h1>;\n");
        git(original, "commit", "-qam", "Redesign homepage");
        String newSha = git(original, "rev-parse", "HEAD");

        repo = VariantRepo.open(main, original);

        assertThat(repo.baseCommit()).isEqualTo(newSha).isNotEqualTo(oldBase);
        assertThat(git(main, "submodule", "status")).startsWith(newSha + " original-website");
        assertThat(git(main, "log", "-1", "--format=%s")).isEqualTo("Update original website to " + newSha.substring(0, 7));
        assertThat(git(main, "show", "HEAD", "--name-only", "--format=").lines()).containsExactly("original-website");
        assertThat(Files.readString(repo.originalCheckout().resolve("src/components/Homepage.jsx"))).contains("New design");
        assertThat(git(main, "status", "--porcelain")).isEmpty();
    }

    @Test
    void originalWithDetachedHeadOnNoBranchIsPinnedToo() throws IOException {
        repo = VariantRepo.open(main, original);
        repo.close();
        git(original, "checkout", "-q", "--detach");
        Files.writeString(original.resolve("tailor.json"), "{\"name\":\"experiment\"}\n");
        git(original, "commit", "-qam", "Experiment on no branch");
        String detachedSha = git(original, "rev-parse", "HEAD");

        repo = VariantRepo.open(main, original);

        assertThat(repo.baseCommit()).isEqualTo(detachedSha);
        assertThat(Files.readString(repo.originalCheckout().resolve("tailor.json"))).contains("experiment");
    }

    @Test
    void originalMovedToAnotherPathIsFollowed() throws IOException {
        repo = VariantRepo.open(main, original);
        repo.close();
        Path moved = tmp.resolve("moved-original");
        git(tmp, "clone", "-q", original.toString(), moved.toString());
        Files.writeString(moved.resolve("README.md"), "moved\n");
        git(moved, "add", "README.md");
        git(moved, "commit", "-qm", "Add readme");

        repo = VariantRepo.open(main, moved);

        assertThat(git(main, "config", "-f", ".gitmodules", "submodule.original-website.url")).isEqualTo(moved.toString());
        assertThat(git(main, "log", "-1", "--format=%B")).contains("Update original website to").contains(moved.toString());
        assertThat(repo.originalCheckout().resolve("README.md")).exists();
        assertThat(git(main, "status", "--porcelain")).isEmpty();
    }

    @Test
    void recursiveCloneOfTheMainRepositoryHasTheOriginalSite() throws IOException {
        repo = VariantRepo.open(main, original);
        repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT, "Variant for alyssa");
        Path clone = tmp.resolve("clone");

        git(tmp, "-c", "protocol.file.allow=always", "clone", "-q", "--recurse-submodules", main.toString(), clone.toString());

        assertThat(clone.resolve("original-website/tailor.json")).exists();
        assertThat(Files.readString(clone.resolve("original-website/src/components/Homepage.jsx")))
                .isEqualTo(Files.readString(original.resolve("src/components/Homepage.jsx")));
        assertThat(Files.readString(clone.resolve("variants/alyssa/Homepage.jsx"))).isEqualTo(CODE);
    }

    @Test
    void openingACloneWithoutSubmoduleCheckoutRestoresIt() {
        repo = VariantRepo.open(main, original);
        repo.close();
        repo = null;
        Path clone = tmp.resolve("plain-clone");
        git(tmp, "clone", "-q", main.toString(), clone.toString());
        assertThat(clone.resolve("original-website/tailor.json")).doesNotExist();

        try (VariantRepo reopened = VariantRepo.open(clone, original)) {
            assertThat(reopened.originalCheckout().resolve("tailor.json")).exists();
            assertThat(git(clone, "submodule", "status")).startsWith(reopened.baseCommit());
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"../etc", "..", ".", "Alyssa", "a/b", "a\\b", "-rf", "_x", "al yssa", "a\nb",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badAudienceIsRejectedByName(String audience) {
        repo = VariantRepo.open(main, original);

        assertThatThrownBy(() -> repo.commitVariant(audience, "Homepage.jsx", CODE, DEPLOYMENT, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("audience ")
                .hasMessageContaining(audience == null ? "(missing)" : "\"" + audience.replace("\n", "\\u000a"));
        assertThat(git(main, "rev-list", "--count", "HEAD")).isEqualTo("1");
        assertThat(main.resolve("variants")).doesNotExist();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"../Homepage.jsx", "src/Homepage.jsx", "/tmp/Homepage.jsx", "Homepage.css", "Homepage",
            ".jsx", "deployment.json", "..jsx", "Home page.jsx"})
    void badPageFileNameIsRejectedByName(String pageFileName) {
        repo = VariantRepo.open(main, original);

        assertThatThrownBy(() -> repo.commitVariant("alyssa", pageFileName, CODE, DEPLOYMENT, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("page file name ")
                .hasMessageContaining(pageFileName == null ? "(missing)" : "\"" + pageFileName + "\"");
        assertThat(main.resolve("variants")).doesNotExist();
    }

    @Test
    void goodNamesAreAccepted() {
        assertThat(new VariantPath("alex-2_b", "Home.page.tsx").pageFile()).isEqualTo("variants/alex-2_b/Home.page.tsx");
        assertThat(new VariantPath("a".repeat(64), "index.js").deploymentFile())
                .isEqualTo("variants/" + "a".repeat(64) + "/deployment.json");
    }

    @Test
    void deploymentMetadataMustBeAJsonObject() {
        repo = VariantRepo.open(main, original);

        assertThatThrownBy(() -> repo.commitVariant("alyssa", "Homepage.jsx", CODE, "[1,2]", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variants/alyssa/deployment.json is not a JSON object");
        assertThatThrownBy(() -> repo.commitVariant("alyssa", "Homepage.jsx", CODE, "{oops", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid JSON");
    }

    @Test
    void originalThatIsNotARepositoryIsRejectedBeforeAnythingIsCreated() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain-site"));
        Files.writeString(plain.resolve("index.html"), "<h1>hi</h1>");

        assertThatThrownBy(() -> VariantRepo.open(main, plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ORIGINAL_REPO_PATH=" + plain + " is not a git repository")
                .hasMessageContaining("git init && git add -A && git commit");
        assertThat(main).doesNotExist();
    }

    @Test
    void mainRepoPathWithForeignFilesIsRejected() throws IOException {
        Files.createDirectories(main);
        Files.writeString(main.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> VariantRepo.open(main, original))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAIN_REPO_PATH=")
                .hasMessageContaining("not a git repository");
    }

    @Test
    void historyAndReadFileServeTheDashboard() {
        repo = VariantRepo.open(main, original);
        String alyssa = repo.commitVariant("alyssa", "Homepage.jsx", CODE, DEPLOYMENT, "Variant for alyssa");
        String marcus = repo.commitVariant("marcus", "Homepage.jsx", "export default () => null;\n", DEPLOYMENT, "Variant for marcus");

        List<VariantCommit> history = repo.history(10);

        assertThat(history).extracting(VariantCommit::sha)
                .containsExactly(marcus, alyssa, git(main, "rev-list", "--max-parents=0", "HEAD"));
        assertThat(history).extracting(VariantCommit::audience).containsExactly("marcus", "alyssa", null);
        assertThat(history.get(0).message()).isEqualTo("Variant for marcus");
        assertThat(history.get(0).time()).isNotNull();
        assertThat(repo.history(1)).hasSize(1);

        assertThat(repo.readFile(alyssa, "variants/alyssa/Homepage.jsx")).contains(CODE);
        assertThat(repo.readFile(alyssa.substring(0, 10), "variants/alyssa/Homepage.jsx")).contains(CODE);
        assertThat(repo.readFile(alyssa, "variants/marcus/Homepage.jsx")).isEmpty();
        assertThat(repo.readFile(alyssa, "variants/alyssa")).isEmpty();
        assertThat(repo.readFile("0".repeat(40), "README.md")).isEmpty();
        assertThatThrownBy(() -> repo.readFile("HEAD~1", "README.md"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HEAD~1");
        assertThatThrownBy(() -> repo.history(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCommitsAllLandAndTheRepositoryStaysSound() throws Exception {
        repo = VariantRepo.open(main, original);
        int threads = 6;
        int perThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    String audience = "user-" + t + "-" + i;
                    Callable<String> job = () -> repo.commitVariant(audience, "Homepage.jsx",
                            "export default () => <h1>" + audience + "</h1>;\n",
                            "{\"audience\":\"" + audience + "\"}", "Variant for " + audience);
                    results.add(pool.submit(job));
                }
            }
            for (Future<String> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).hasSize(40);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(git(main, "rev-list", "--count", "HEAD")).isEqualTo(String.valueOf(1 + threads * perThread));
        assertThat(results.stream().map(f -> {
            try {
                return f.get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).distinct()).hasSize(threads * perThread);
        assertThat(git(main, "ls-files", "variants").lines()).hasSize(2 * threads * perThread);
        assertThat(git(main, "show", "HEAD:variants/user-3-4/Homepage.jsx")).isEqualTo("export default () => <h1>user-3-4</h1>;");
        dev.tailor.testing.GitCli.Result fsck = tryGit(main, "fsck", "--full", "--strict");
        assertThat(fsck.exitCode()).as(fsck.stderr()).isZero();
        assertThat(fsck.stderr() + fsck.stdout()).doesNotContain("error", "missing", "broken");
        assertThat(git(main, "status", "--porcelain")).isEmpty();
    }
}
