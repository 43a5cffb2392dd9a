package dev.tailor.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the edge holds: written from direct memory, whole to every response, dropped when changed. */
class ArtifactFilesTest {

    @TempDir
    Path root;

    @Test
    void aHeldFileIsServedWholeFromDirectMemoryToEveryResponse() throws Exception {
        String js = "console.log('personalized');\n".repeat(200);
        Path file = Files.createDirectories(root.resolve("a1")).resolve("app-1.js");
        Files.writeString(file, js);
        try (ArtifactFiles files = new ArtifactFiles(root)) {
            ServedFile served = files.read(file, "text/javascript; charset=utf-8").orElseThrow();
            assertThat(served.body().isDirect()).isTrue();
            assertThat(served.gzipBody()).hasValueSatisfying(g -> assertThat(g.isDirect()).isTrue());
            assertThat(served.heldBytes()).isEqualTo(2L * (served.bytes().length + served.gzip().orElseThrow().length));
            // one response consuming its view leaves the next one the whole file
            ByteBuffer first = served.body().slice();
            first.get(new byte[first.remaining()]);
            ServedFile again = files.read(file, "text/javascript; charset=utf-8").orElseThrow();
            assertThat(StandardCharsets.UTF_8.decode(again.body().slice()).toString()).isEqualTo(js);
        }
    }

    @Test
    void aFileReadOnceIsNotCopiedIntoDirectMemory() {
        ServedFile once = ServedFile.of("x".repeat(1000).getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        assertThat(once.body().isDirect()).isFalse();
        assertThat(once.heldBytes()).isEqualTo(1000L + once.gzip().orElseThrow().length);
    }
}
