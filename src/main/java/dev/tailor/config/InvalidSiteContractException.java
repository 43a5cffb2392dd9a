package dev.tailor.config;

import java.nio.file.Path;
import java.util.List;

/** tailor.json is missing or wrong; {@link #problems()} lists every problem, each saying what to fix. */
public final class InvalidSiteContractException extends RuntimeException {
    private final Path file;
    private final List<String> problems;

    public InvalidSiteContractException(Path file, List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + file + ":\n  - "
                + String.join("\n  - ", problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    public List<String> problems() {
        return problems;
    }
}
