import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slow-upload attack, bounded, against a Tailor on loopback: keeps CONNECTIONS connections
 * each trickling a POST /api/track body one byte every TRICKLE seconds (reopening any the server
 * closes), and measures GET / and POST /api/track latency before and during it.
 *
 * usage: java SlowBodies.java PORT CONNECTIONS SECONDS
 */
public final class SlowBodies {

    private static final int TRICKLE_SECONDS = 5;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Math.min(Integer.parseInt(args[1]), 5_000);
        int seconds = Math.min(Integer.parseInt(args[2]), 300);
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        measure(http, base, 300); // warm-up
        Result before = measure(http, base, 1_000);
        System.out.println("before the attack:  " + before);

        Attack attack = new Attack(port, connections);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Thread attacker = new Thread(() -> attack.run(end), "slow-bodies");
        attacker.start();
        Thread.sleep(3_000); // every connection open and in its body
        List<Result> during = new ArrayList<>();
        while (System.nanoTime() < end - Duration.ofSeconds(2).toNanos()) {
            during.add(measure(http, base, 200));
        }
        attacker.join();
        Result all = Result.merge(during);
        System.out.println("during the attack:  " + all);
        System.out.printf(Locale.ROOT, "attack: %d slow connections held open, %d opened in total, %d answered 408,"
                + " %d closed by the server without an answer, %d could not connect%n",
                connections, attack.opened.get(), attack.timedOut.get(), attack.closed.get(), attack.refused.get());
    }

    /** n requests, alternating GET / and a one-event POST, one at a time. */
    static Result measure(HttpClient http, String base, int n) {
        long[] nanos = new long[n];
        int failed = 0;
        for (int i = 0; i < n; i++) {
            HttpRequest request = i % 2 == 0
                    ? HttpRequest.newBuilder(URI.create(base + "/")).timeout(Duration.ofSeconds(10)).build()
                    : HttpRequest.newBuilder(URI.create(base + "/api/track")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"page_view\",\"user_id\":\"bench-" + (i % 50) + "\"}"))
                    .build();
            long t = System.nanoTime();
            try {
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                    failed++;
                    System.err.println("answered " + r.statusCode() + ": " + request.method() + " " + request.uri().getPath());
                }
            } catch (IOException | InterruptedException e) {
                failed++;
                System.err.println("failed: " + request.method() + " " + request.uri().getPath() + ": " + e);
            }
            nanos[i] = System.nanoTime() - t;
        }
        return new Result(nanos, failed);
    }

    record Result(long[] nanos, int failed) {
        static Result merge(List<Result> parts) {
            long[] all = parts.stream().flatMapToLong(r -> Arrays.stream(r.nanos)).toArray();
            return new Result(all, parts.stream().mapToInt(Result::failed).sum());
        }

        @Override
        public String toString() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "%d requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d failed or timed out",
                    sorted.length, ms(sorted, 0.50), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6, failed);
        }

        private static double ms(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }

    /** Keeps the slow connections open until the end, one byte per connection every few seconds. */
    static final class Attack {
        final int port;
        final int connections;
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger timedOut = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final ConcurrentHashMap<Socket, Long> open = new ConcurrentHashMap<>();

        Attack(int port, int connections) {
            this.port = port;
            this.connections = connections;
        }

        void run(long end) {
            try {
                while (System.nanoTime() < end) {
                    while (open.size() < connections && System.nanoTime() < end) {
                        connect();
                    }
                    for (Socket s : List.copyOf(open.keySet())) {
                        poll(s);
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.keySet().forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                });
            }
        }

        private void connect() {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(1);
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                open.put(s, System.nanoTime());
                opened.incrementAndGet();
            } catch (IOException e) {
                refused.incrementAndGet();
            }
        }

        /** Sends the next byte when due; notices an answer or a close. */
        private void poll(Socket s) {
            try {
                InputStream in = s.getInputStream();
                byte[] head = new byte[12];
                int n;
                try {
                    n = in.read(head);
                } catch (java.net.SocketTimeoutException nothingYet) {
                    n = 0;
                }
                if (n < 0 || n > 0) {
                    if (n > 0 && new String(head, 0, n, StandardCharsets.US_ASCII).contains(" 408")) {
                        timedOut.incrementAndGet();
                    } else {
                        closed.incrementAndGet();
                    }
                    open.remove(s);
                    s.close();
                    return;
                }
                long since = System.nanoTime() - open.get(s);
                if (since > Duration.ofSeconds(TRICKLE_SECONDS).toNanos()) {
                    s.getOutputStream().write(' ');
                    open.put(s, System.nanoTime());
                }
            } catch (IOException e) {
                open.remove(s);
                closed.incrementAndGet();
            }
        }
    }
}
