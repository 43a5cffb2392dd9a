package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code bench/run.sh scale} relies on, as the script runs it (a child JVM on the test
 * classpath): the addresses printed before READY reach a durable PostgreSQL and a Kafka broker,
 * and closing its standard input stops both.
 */
class ScaleInfraTest {

    @Test
    void servesDurablePostgresAndKafkaUntilItsInputCloses() throws Exception {
        Process infra = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(), ScaleInfra.class.getName(), "serve", "2"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Map<String, String> printed = new HashMap<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(infra.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.equals("READY"); line = out.readLine()) {
                printed.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
            assertThat(printed).containsKeys("KAFKA_BOOTSTRAP", "DATABASE_URL_1", "DATABASE_URL_2")
                    .containsEntry("POSTGRES_SETTINGS", "fsync on, synchronous_commit on");

            String url = printed.get("DATABASE_URL_2");
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement();
                    ResultSet row = st.executeQuery("show fsync")) {
                row.next();
                assertThat(row.getString(1)).as("fsync of the server itself").isEqualTo("on");
                st.execute("create table events (id int)");
                st.execute("insert into events values (1), (2)");
            }
            assertThat(count(url)).isEqualTo("2");

            String[] kafka = printed.get("KAFKA_BOOTSTRAP").split(":");
            try (Socket broker = new Socket(kafka[0], Integer.parseInt(kafka[1]))) {
                assertThat(broker.isConnected()).isTrue();
            }

            infra.getOutputStream().close();
            assertThat(infra.waitFor(60, TimeUnit.SECONDS)).as("stops when its input closes").isTrue();
            assertThat(infra.exitValue()).isZero();
            int pgPort = URI.create(url.substring("jdbc:".length())).getPort();
            assertThat(accepts(pgPort)).as("PostgreSQL stopped").isFalse();
            assertThat(accepts(Integer.parseInt(kafka[1]))).as("the broker stopped").isFalse();
        } finally {
            infra.destroyForcibly();
        }
    }

    private static String count(String url) throws Exception {
        Process count = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(), ScaleInfra.class.getName(), "count", url)).redirectErrorStream(true).start();
        String printed = new String(count.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(count.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return printed;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, classPath.split(File.pathSeparator));
    }
}
