package dev.tailor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.track.RunningTailor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart attack: 700 events of 1 MiB (stored verbatim by an older Tailor) made start-up's
 * replay load pages of 5,000 payloads and die with OutOfMemoryError. Here a database holding 200
 * such events is replayed ({@code profiles rebuild}) by a separate JVM with a 96 MB heap — less
 * than one old page of them.
 */
class ReplayMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aLogOfHugeLegacyPayloadsReplaysInASmallHeap() throws Exception {
        RunningTailor.start(dir, Map.of(), Clock.systemUTC()).close(); // creates the database and its schema
        String huge = "{\"event\":\"page_view\",\"user_id\":\"big\",\"padding\":\"" + "x".repeat(1 << 20) + "\"}";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tailor.db"));
             PreparedStatement insert = c.prepareStatement("insert into events (event_id, user_id, event, section,"
                     + " time_spent, occurred_at, received_at, payload) values (?, 'big', 'section_dwell', 'hero', 5, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < 200; i++) {
                insert.setString(1, "e" + i);
                insert.setLong(2, 1_000L * i);
                insert.setLong(3, 1_000L * i);
                insert.setString(4, huge);
                insert.executeUpdate();
            }
            c.commit();
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder rebuild = new ProcessBuilder(List.of(java, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                "dev.tailor.Tailor", "profiles", "rebuild")).redirectErrorStream(true);
        rebuild.environment().putAll(RunningTailor.settings(dir, Map.of()));
        rebuild.directory(dir.toFile());
        Process process = rebuild.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Files.size(dir.resolve("tailor.db"))).isGreaterThan(200L << 20); // the payloads are still on disk
    }
}
