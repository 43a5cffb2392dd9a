package dev.tailor.visitor;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traffic that says it is not a person: a crawler, a headless browser or an HTTP library by its
 * {@code User-Agent}. Such a visitor is left out of experiment metrics (issue 13: scripted visitors
 * must not decide a rollout); their page loads and events are served and stored as anyone's.
 *
 * <p>This catches only what declares itself (or forgets to hide): a script can send a browser's
 * user agent. What holds then is that every visitor id costs a page load for its signed cookie,
 * the per-visitor rate limit ({@code docs/security.md}), and that a visitor counts once per metric.
 */
public final class Automation {

    /**
     * Self-declared bots, headless browsers and automation, and HTTP clients no browser sends.
     * Case-insensitive; "bot" as a word or before a version (Googlebot/2.1), not inside a phone's name (CUBOT X19).
     */
    private static final Pattern AUTOMATED = Pattern.compile(String.join("|",
            "\\bbot\\b", "bot/", "bot;", "robot", "crawl", "spider", "slurp", "scrap", "headless", "phantomjs",
            "puppeteer", "playwright", "selenium", "webdriver", "lighthouse", "pagespeed", "pingdom",
            "uptimerobot", "facebookexternalhit", "embedly", "curl/", "wget/", "httpie", "python",
            "aiohttp", "httpx", "go-http-client", "okhttp", "apache-httpclient", "java-http-client", "java/",
            "jakarta", "node-fetch", "axios", "undici", "libwww", "lwp::", "ruby", "php/", "guzzle",
            "postmanruntime", "insomnia", "jmeter", "gatling", "k6/", "locust", "apachebench", "hey/"),
            Pattern.CASE_INSENSITIVE);

    private Automation() {
    }

    /** Why this {@code User-Agent} is automation, or empty when it looks like a browser. A missing one is automation. */
    public static Optional<String> ofUserAgent(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Optional.of("no User-Agent");
        }
        Matcher m = AUTOMATED.matcher(userAgent);
        if (m.find()) {
            return Optional.of("User-Agent names automation (" + m.group().toLowerCase(Locale.ROOT).strip() + ")");
        }
        if (!userAgent.startsWith("Mozilla/") && !userAgent.startsWith("Opera/")) {
            return Optional.of("User-Agent is not a browser's");
        }
        return Optional.empty();
    }
}
