package dev.tailor.repo;

import static dev.tailor.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginalSiteTest {
    static final String FIXTURE = "tailor-test-sites/mini-site";

    @TempDir
    Path tmp;

    @Test
    void bundledSiteFromClassesDirectoryBecomesARepositoryWithOneCommit() {
        Path target = tmp.resolve("original");

        Path result = OriginalSite.materializeBundled(FIXTURE, target);

        assertThat(result).isEqualTo(target);
        assertThat(git(target, "log", "--format=%s|%an <%ae>").lines())
                .containsExactly("Original website (bundled demo site)|Tailor <tailor@localhost>");
        assertThat(git(target, "ls-files").lines())
                .contains("tailor.json", "src/components/Homepage.jsx", "src/main.jsx");
        assertThat(git(target, "status", "--porcelain")).isEmpty();
    }

    @Test
    void materializingAgainLeavesTheExistingRepositoryAlone() throws IOException {
        Path target = tmp.resolve("original");
        OriginalSite.materializeBundled(FIXTURE, target);
        Files.writeString(target.resolve("src/components/Homepage.jsx"), "export default () => <p>edited</p>;\n");
        git(target, "commit", "-am", "User edit");

        OriginalSite.materializeBundled(FIXTURE, target);

        assertThat(git(target, "log", "--format=%s").lines())
                .containsExactly("User edit", "Original website (bundled demo site)");
        assertThat(Files.readString(target.resolve("src/components/Homepage.jsx"))).contains("edited");
    }

    @Test
    void bundledSiteInsideAJarIsCopiedToo() throws IOException {
        Path jar = tmp.resolve("tailor.jar");
        // no directory entries on purpose: shaded jars don't always have them
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            putEntry(out, "examples/demo/tailor.json", "{\"name\":\"demo\"}\n");
            putEntry(out, "examples/demo/src/components/Homepage.jsx", "export default () => <h1>jar</h1>;\n");
            putEntry(out, "examples/other/tailor.json", "{\"name\":\"other\"}\n");
        }
        Path target = tmp.resolve("from-jar");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            OriginalSite.materializeBundled(loader, "examples/demo", target);
        }

        assertThat(git(target, "ls-files").lines())
                .containsExactlyInAnyOrder("tailor.json", "src/components/Homepage.jsx");
        assertThat(Files.readString(target.resolve("src/components/Homepage.jsx"))).contains("<h1>jar</h1>");
        assertThat(git(target, "rev-list", "--count", "HEAD")).isEqualTo("1");
    }

    @Test
    void emptyTargetDirectoryIsFilled() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("empty"));

        OriginalSite.materializeBundled(FIXTURE, target);

        assertThat(target.resolve("tailor.json")).exists();
        assertThat(tmp.toFile().list()).containsExactly("empty"); // no staging leftovers
    }

    @Test
    void missingBundledSiteNamesTheClasspathDirectory() {
        assertThatThrownBy(() -> OriginalSite.materializeBundled("no/such-site", tmp.resolve("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no/such-site/tailor.json");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void targetWithFilesButNoRepositoryIsNotOverwritten() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(target.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> OriginalSite.materializeBundled(FIXTURE, target))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining("not a git repository");
        assertThat(Files.readString(target.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void userOriginalThatIsNotARepositoryIsRejectedWithTheFix() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("site"));

        assertThatThrownBy(() -> OriginalSite.requireGitRepository(plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ORIGINAL_REPO_PATH=" + plain)
                .hasMessageContaining("is not a git repository")
                .hasMessageContaining("git init && git add -A && git commit");
    }

    @Test
    void userOriginalWithoutCommitsIsRejected() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("site"));
        git(empty, "init", "-q");

        assertThatThrownBy(() -> OriginalSite.requireGitRepository(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without any commit")
                .hasMessageContaining("git add -A && git commit");
    }

    @Test
    void missingUserOriginalIsRejected() {
        Path missing = tmp.resolve("nowhere");

        assertThatThrownBy(() -> OriginalSite.resolve(missing.toString(), tmp.resolve("bundled")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ORIGINAL_REPO_PATH=" + missing)
                .hasMessageContaining("does not exist");
        assertThat(tmp.resolve("bundled")).doesNotExist();
    }

    @Test
    void committedUserOriginalIsUsedAsIs() throws IOException {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("tailor.json"), "{}");
        git(site, "init", "-q");
        git(site, "add", "-A");
        git(site, "commit", "-qm", "Mine");

        assertThat(OriginalSite.resolve(site.toString(), tmp.resolve("bundled"))).isEqualTo(site);
        assertThat(tmp.resolve("bundled")).doesNotExist();
    }

    @Test
    void repositoryChecksLookAtTheDirectoryItselfNotItsParentsOrSiblings() throws IOException {
        Path outer = Files.createDirectories(tmp.resolve("outer"));
        git(outer, "init", "-q");
        Path inner = Files.createDirectories(outer.resolve("site"));
        git(tmp, "init", "-q", "--bare", "lonely.git");

        assertThat(OriginalSite.isGitRepository(outer)).isTrue();
        assertThat(OriginalSite.isGitRepository(inner)).isFalse();
        assertThat(OriginalSite.isGitRepository(tmp.resolve("lonely"))).isFalse();
        assertThat(OriginalSite.isGitRepository(tmp.resolve("lonely.git"))).isTrue();
    }

    @Test
    void linkedWorktreeIsAcceptedAsOriginal() throws IOException {
        Path site = OriginalSite.materializeBundled(FIXTURE, tmp.resolve("site"));
        Path worktree = tmp.resolve("site-worktree");
        git(site, "worktree", "add", "-q", "--detach", worktree.toString());

        assertThat(OriginalSite.requireGitRepository(worktree)).isEqualTo(worktree);
        assertThat(OriginalSite.headCommit(worktree).getName()).isEqualTo(git(site, "rev-parse", "HEAD"));
    }

    private static void putEntry(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream body = out;
        body.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
