package dev.tailor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the plain git CLI, so tests check what a user's git sees, not what JGit thinks it wrote. */
public final class GitCli {
    private GitCli() {
    }

    /** Copies a site's files from {@code source} into {@code target} and commits them there as a fresh repository. */
    public static Path commitCopy(Path source, Path target, String message) throws IOException {
        SiteFiles.copyTree(source, target);
        git(target, "init", "-q", "-b", "main");
        git(target, "add", "-A");
        git(target, "commit", "-q", "-m", message);
        return target;
    }

    /** {@code git -C dir args...}; fails the test with git's stderr when git fails. */
    public static String git(Path dir, String... args) {
        Result result = tryGit(dir, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " in " + dir + " exited "
                    + result.exitCode() + ": " + result.stderr() + result.stdout());
        }
        return result.stdout().strip();
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result tryGit(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        // isolate from the host's git config, and give commits made by tests an identity
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Test User");
        env.put("GIT_AUTHOR_EMAIL", "test@example.com");
        env.put("GIT_COMMITTER_NAME", "Test User");
        env.put("GIT_COMMITTER_EMAIL", "test@example.com");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            var stdout = process.getInputStream().readAllBytes();
            var stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " timed out");
            }
            return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    new String(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run git: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running git", e);
        }
    }
}
