package dev.tailor.deploy;

import dev.tailor.build.Artifact;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a new deployment from the outside before it goes live, as a browser would load it: its page
 * answers 200 with HTML that loads the artifact's bundle, and each bundle answers 200 as JavaScript.
 * Freestyle needs a moment after a deploy before the domain serves it, so the check is tried a few
 * times, a short timeout each; it fails only when every attempt failed, naming what the last one saw.
 */
final class DeploymentProbe {

    private static final int SNIPPET_CHARS = 200;
    private static final Pattern SRC = Pattern.compile("\\ssrc\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);

    private final HttpClient http;
    private final FreestyleConfig.SiteCheck settings;

    DeploymentProbe(HttpClient http, FreestyleConfig.SiteCheck settings) {
        this.http = http;
        this.settings = settings;
    }

    /**
     * @throws DeployException when no attempt found the deployment serving the artifact's page and bundles
     */
    void check(Artifact artifact, String domain, String deploymentId) throws DeployException {
        List<String> bundles = bundlesOf(artifact);
        URI site = settings.siteOf(domain);
        String last = "no attempt made";
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                pause(deploymentId);
            }
            Optional<String> problem = problemWith(site, bundles);
            if (problem.isEmpty()) {
                return;
            }
            last = problem.get();
        }
        throw new DeployException("deployment " + deploymentId + " does not serve artifact " + artifact.id() + " at " + site
                + " (checked " + settings.attempts() + " time(s), " + describe(settings.delay()) + " apart): " + last);
    }

    /** The scripts the artifact's page loads from the artifact itself, as its page names them. */
    private static List<String> bundlesOf(Artifact artifact) throws DeployException {
        String html;
        try {
            html = Files.readString(artifact.indexHtml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeployException("cannot check the deployment of artifact " + artifact.id() + ": reading " + artifact.indexHtml()
                    + " failed: " + e, e);
        }
        List<String> bundles = new ArrayList<>();
        Matcher src = SRC.matcher(html);
        while (src.find()) {
            String path = src.group(1);
            String own = "artifacts/" + artifact.id() + "/";
            int at = path.indexOf(own);
            if (path.endsWith(".js") && at >= 0 && artifact.files().contains(path.substring(at + own.length()))) {
                bundles.add(path);
            }
        }
        if (bundles.isEmpty()) {
            throw new DeployException("cannot check the deployment of artifact " + artifact.id() + ": its index.html loads none"
                    + " of its own scripts");
        }
        return bundles;
    }

    /** What is wrong with the deployment at {@code site} now, or empty when it serves the page and its bundles. */
    private Optional<String> problemWith(URI site, List<String> bundles) {
        try {
            HttpResponse<String> page = get(site);
            if (page.statusCode() != 200) {
                return Optional.of("GET " + site + " answered HTTP " + page.statusCode() + ": " + snippet(page.body()));
            }
            String pageType = page.headers().firstValue("Content-Type").orElse("");
            if (!pageType.toLowerCase(java.util.Locale.ROOT).startsWith("text/html")) {
                return Optional.of("GET " + site + " answered Content-Type '" + pageType + "', not text/html: " + snippet(page.body()));
            }
            for (String bundle : bundles) {
                if (!page.body().contains(bundle)) {
                    return Optional.of("the page at " + site + " does not load the variant's bundle " + bundle + ": "
                            + snippet(page.body()));
                }
                URI url = site.resolve(bundle.replaceFirst("^/+", ""));
                HttpResponse<String> script = get(url);
                String type = script.headers().firstValue("Content-Type").orElse("");
                if (script.statusCode() != 200) {
                    return Optional.of("the bundle " + url + " answered HTTP " + script.statusCode() + ": " + snippet(script.body()));
                }
                if (!type.toLowerCase(java.util.Locale.ROOT).contains("javascript")) {
                    return Optional.of("the bundle " + url + " answered Content-Type '" + type + "', not JavaScript");
                }
                if (script.body().isEmpty()) {
                    return Optional.of("the bundle " + url + " answered an empty body");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("requesting " + site + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the check was interrupted");
        }
    }

    private HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.timeout()).header("Accept", "text/html,*/*").GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void pause(String deploymentId) throws DeployException {
        try {
            Thread.sleep(settings.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("the check of deployment " + deploymentId + " was interrupted", e);
        }
    }

    private static String snippet(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        if (flat.isEmpty()) {
            return "(empty body)";
        }
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS) + "…";
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
