package dev.tailor.deploy;

import dev.tailor.config.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * How to reach Freestyle.
 *
 * @param baseUrl        API root, {@code https://api.freestyle.sh} in production
 * @param apiKey         {@code FREESTYLE_API_KEY}; never printed
 * @param domainSuffix   sites go live at {@code <audience>-personalized.<domainSuffix>}, a domain mapped
 *                       to the audience's newest deployment
 * @param timeout        per HTTP attempt, connect and reply
 * @param maxAttempts    per call (the deployment, then the domain mapping) for 429, 5xx and refused
 *                       connections; other failures, timeouts included, are not retried
 * @param initialBackoff delay before the second attempt; doubles after each further failure
 * @param tailorOrigin   where Tailor itself is reachable from the internet; when present, the
 *                       deployed server forwards the tracker and its events there
 * @param installId      this installation's id ({@link InstallId}): under the shared {@code style.dev}, whose
 *                       names are claimed per Freestyle account, it names the domains so that two installs
 *                       never claim the same one; under the user's own domain it is not needed
 * @param siteCheck      how a new deployment is checked before it goes live
 */
public record FreestyleConfig(URI baseUrl, String apiKey, String domainSuffix, Duration timeout,
                              int maxAttempts, Duration initialBackoff, Optional<URI> tailorOrigin, Optional<String> installId,
                              SiteCheck siteCheck) {

    /**
     * How a new deployment is checked before it goes live ({@link DeploymentProbe}): where it is reached, and how
     * patiently.
     *
     * @param siteUrl  the deployment's root, {@code {domain}} standing for its domain ({@code https://{domain}/})
     * @param attempts how many times the check is tried before the deployment is given up on
     * @param delay    between two attempts
     * @param timeout  per request
     */
    public record SiteCheck(String siteUrl, int attempts, Duration delay, Duration timeout) {
        public SiteCheck {
            URI example = URI.create(siteUrl.replace("{domain}", "example.com"));
            if (!("https".equals(example.getScheme()) || "http".equals(example.getScheme())) || example.getHost() == null) {
                throw new IllegalArgumentException("the deployment site URL '" + siteUrl + "' must be an http(s) URL such as"
                        + " https://{domain}/, {domain} standing for the deployment's domain");
            }
            if (attempts < 1) {
                throw new IllegalArgumentException("the deployment check needs at least 1 attempt, got " + attempts);
            }
            if (delay.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the deployment check's delay must not be negative and its timeout must be"
                        + " positive, got " + delay + " and " + timeout);
            }
        }

        public URI siteOf(String domain) {
            String url = siteUrl.replace("{domain}", domain);
            return URI.create(url.endsWith("/") ? url : url + "/");
        }
    }

    /**
     * The deployment at {@code https://<domain>/}, tried 6 times 2 s apart (Freestyle needs a moment after a
     * deploy), 10 s per request.
     */
    public static final SiteCheck DEFAULT_SITE_CHECK = new SiteCheck("https://{domain}/", 6, Duration.ofSeconds(2),
            Duration.ofSeconds(10));

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.freestyle.sh");
    public static final String DEFAULT_DOMAIN_SUFFIX = "style.dev";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public FreestyleConfig {
        if (baseUrl == null || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme())) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("Freestyle base URL '" + baseUrl + "' must be an http(s) URL with a host");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("Freestyle API key is empty; set FREESTYLE_API_KEY");
        }
        if (domainSuffix == null || !domainSuffix.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("Freestyle domain suffix '" + domainSuffix + "' is not a lowercase domain name");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Freestyle timeout must be positive, got " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Freestyle max attempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("Freestyle initial backoff must not be negative, got " + initialBackoff);
        }
        tailorOrigin = tailorOrigin == null ? Optional.empty() : tailorOrigin;
        installId = installId == null ? Optional.empty() : installId;
        siteCheck = siteCheck == null ? DEFAULT_SITE_CHECK : siteCheck;
        installId.ifPresent(InstallId::require);
        tailorOrigin.ifPresent(origin -> {
            boolean http = "https".equals(origin.getScheme()) || "http".equals(origin.getScheme());
            boolean bare = origin.getRawQuery() == null && origin.getRawFragment() == null && origin.getRawUserInfo() == null
                    && (origin.getRawPath() == null || origin.getRawPath().isEmpty() || origin.getRawPath().equals("/"));
            if (!http || origin.getHost() == null || !bare) {
                throw new IllegalArgumentException("Tailor origin '" + origin + "' must be a bare http(s) origin like https://tailor.example.com");
            }
        });
        String base = baseUrl.toString();
        baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    /** Production defaults: api.freestyle.sh, *.style.dev, 30 s, 3 attempts starting 500 ms apart. */
    public static FreestyleConfig withKey(String apiKey) {
        return new FreestyleConfig(DEFAULT_BASE_URL, apiKey, DEFAULT_DOMAIN_SUFFIX, DEFAULT_TIMEOUT, 3, Duration.ofMillis(500),
                Optional.empty(), Optional.empty(), DEFAULT_SITE_CHECK);
    }

    /**
     * From {@code FREESTYLE_API_KEY} and the optional {@code TAILOR_FREESTYLE_BASE_URL},
     * {@code TAILOR_FREESTYLE_DOMAIN} (the suffix variants go live under) and {@code TAILOR_PUBLIC_URL}
     * (where browsers reach this Tailor, so pages on Freestyle can load the tracker and send events) and
     * {@code TAILOR_FREESTYLE_SITE_URL} (where Tailor checks a new deployment, {@code https://{domain}/} by default)
     * with {@code TAILOR_FREESTYLE_SITE_ATTEMPTS}, {@code _DELAY} and {@code _TIMEOUT} (how patiently: 6 tries, 2 s apart, 10 s each);
     * empty when no key is set. A bad value fails naming its variable.
     */
    public static Optional<FreestyleConfig> fromEnvironment(Environment env) {
        Optional<String> key = env.secret("FREESTYLE_API_KEY");
        if (key.isEmpty()) {
            return Optional.empty();
        }
        FreestyleConfig config = withKey(key.get());
        config = apply(env, "TAILOR_FREESTYLE_BASE_URL", config, (c, v) -> c.withBaseUrl(URI.create(v)));
        config = apply(env, "TAILOR_FREESTYLE_DOMAIN", config, FreestyleConfig::withDomainSuffix);
        config = apply(env, "TAILOR_PUBLIC_URL", config, (c, v) -> c.withTailorOrigin(URI.create(v)));
        config = apply(env, "TAILOR_FREESTYLE_SITE_URL", config, (c, v) -> c.withSiteCheck(new SiteCheck(v,
                c.siteCheck().attempts(), c.siteCheck().delay(), c.siteCheck().timeout())));
        // how patient the check is: a region where Freestyle takes longer to serve a new deployment needs more
        SiteCheck check = config.siteCheck();
        config = config.withSiteCheck(new SiteCheck(check.siteUrl(),
                env.integer("TAILOR_FREESTYLE_SITE_ATTEMPTS", check.attempts(), 1, 60),
                notNegative(env, "TAILOR_FREESTYLE_SITE_DELAY", check.delay()),
                env.positiveDuration("TAILOR_FREESTYLE_SITE_TIMEOUT", check.timeout())));
        return Optional.of(config);
    }

    private static Duration notNegative(Environment env, String name, Duration fallback) {
        Duration d = env.duration(name, fallback);
        if (d.isNegative()) {
            throw Environment.invalid(name, env.optional(name).orElse(""), "a duration of zero or more, such as 2s");
        }
        return d;
    }

    /** The config with one optional variable applied; an invalid value fails naming the variable. */
    private static FreestyleConfig apply(Environment env, String name, FreestyleConfig config,
                                         BiFunction<FreestyleConfig, String, FreestyleConfig> setting) {
        return env.value(name, v -> setting.apply(config, v)).orElse(config);
    }

    public FreestyleConfig withBaseUrl(URI newBaseUrl) {
        return new FreestyleConfig(newBaseUrl, apiKey, domainSuffix, timeout, maxAttempts, initialBackoff, tailorOrigin, installId, siteCheck);
    }

    public FreestyleConfig withDomainSuffix(String newDomainSuffix) {
        return new FreestyleConfig(baseUrl, apiKey, newDomainSuffix, timeout, maxAttempts, initialBackoff, tailorOrigin, installId, siteCheck);
    }

    public FreestyleConfig withTimeout(Duration newTimeout) {
        return new FreestyleConfig(baseUrl, apiKey, domainSuffix, newTimeout, maxAttempts, initialBackoff, tailorOrigin, installId, siteCheck);
    }

    public FreestyleConfig withRetries(int newMaxAttempts, Duration newInitialBackoff) {
        return new FreestyleConfig(baseUrl, apiKey, domainSuffix, timeout, newMaxAttempts, newInitialBackoff, tailorOrigin, installId, siteCheck);
    }

    public FreestyleConfig withTailorOrigin(URI origin) {
        return new FreestyleConfig(baseUrl, apiKey, domainSuffix, timeout, maxAttempts, initialBackoff, Optional.of(origin), installId, siteCheck);
    }

    public FreestyleConfig withSiteCheck(SiteCheck check) {
        return new FreestyleConfig(baseUrl, apiKey, domainSuffix, timeout, maxAttempts, initialBackoff, tailorOrigin, installId, check);
    }

    public FreestyleConfig withInstallId(String id) {
        return new FreestyleConfig(baseUrl, apiKey, domainSuffix, timeout, maxAttempts, initialBackoff, tailorOrigin, Optional.of(id), siteCheck);
    }

    /**
     * The domain an audience's variant is served at: {@code <audience>-<installId>.style.dev} under the
     * shared suffix (no other installation's), {@code <audience>-personalized.<your domain>} under yours.
     */
    public String domainOf(AudienceLabel label) {
        if (domainSuffix.equals(DEFAULT_DOMAIN_SUFFIX) && installId.isPresent()) {
            return label.value() + "-" + installId.get() + "." + domainSuffix;
        }
        return label.hostUnder(domainSuffix);
    }

    /** Keeps the key out of logs and error messages. */
    @Override
    public String toString() {
        return "FreestyleConfig[baseUrl=" + baseUrl + ", apiKey=***, domainSuffix=" + domainSuffix + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", tailorOrigin=" + tailorOrigin
                + ", installId=" + installId + ", siteCheck=" + siteCheck + "]";
    }
}
