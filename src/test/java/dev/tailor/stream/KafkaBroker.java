package dev.tailor.stream;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one process) on a loopback port
 * with a throwaway log directory, run as a child JVM from the broker jars on the test classpath
 * ({@code org.apache.kafka:kafka_2.13}): {@code kafka.tools.StorageTool format}, then
 * {@code kafka.Kafka}. {@link #shared()} is one broker for every test class of the run (topics
 * and groups keep tests apart); {@link #startNew()} is one a test may stop.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    private final Path dir;
    private final int port;
    private final Path properties;
    private Process process;

    private KafkaBroker(Path dir, int port, Path properties, Process process) {
        this.dir = dir;
        this.port = port;
        this.properties = properties;
        this.process = process;
    }

    /** The broker of this test run, started on first use and stopped when the JVM exits. */
    public static synchronized KafkaBroker shared() throws Exception {
        if (shared == null || !shared.process.isAlive()) {
            KafkaBroker started = startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            shared = started;
        }
        return shared;
    }

    /** A broker of its own, ready to take produce requests. */
    public static KafkaBroker startNew() throws Exception {
        Path dir = Files.createTempDirectory("tailor-kafka-");
        int port = freePort();
        int controllerPort = freePort();
        Path logs = dir.resolve("logs");
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""));
        Path output = dir.resolve("broker.log");
        // "--cluster-id=": a random id may start with "-", which a separate argument would be taken for an option
        int formatted = java(List.of("kafka.tools.StorageTool", "format", "--cluster-id=" + randomClusterId(),
                "-c", properties.toString()), dir.resolve("format.log")).waitFor();
        if (formatted != 0) {
            throw new IllegalStateException("formatting the Kafka log dir failed: " + Files.readString(dir.resolve("format.log")));
        }
        Process broker = java(List.of("kafka.Kafka", properties.toString()), output);
        KafkaBroker started = new KafkaBroker(dir, port, properties, broker);
        try {
            started.awaitReady(Duration.ofSeconds(60));
        } catch (Exception | Error e) {
            String log = Files.exists(output) ? Files.readString(output) : "";
            started.close();
            throw new IllegalStateException("the Kafka broker did not start: " + log.substring(Math.max(0, log.length() - 4000)), e);
        }
        return started;
    }

    private static Process java(List<String> mainAndArgs, Path output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(testClassPath());
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, classPath.split(File.pathSeparator));
    }

    private static String randomClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with " + process.exitValue());
            }
            if (!accepts(port)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nothing listens on port " + port);
                }
                Thread.sleep(100);
                continue;
            }
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code host:port} for {@code TAILOR_KAFKA_BOOTSTRAP}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker at once (SIGKILL), keeping its log directory. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the killed broker again on the same ports and log directory. */
    public void restart() throws Exception {
        kill();
        process = java(List.of("kafka.Kafka", properties.toString()), dir.resolve("broker-restarted.log"));
        awaitReady(Duration.ofSeconds(60));
    }

    /** Stops the broker at once (SIGKILL) and deletes its log directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
