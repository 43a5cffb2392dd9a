package dev.tailor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.config.Environment;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreestyleConfigFromEnvironmentTest {

    @Test
    void offWithoutAKey() {
        assertThat(FreestyleConfig.fromEnvironment(new Environment(Map.of()))).isEmpty();
    }

    @Test
    void theDomainTheApiAndTailorsPublicAddressAreConfigurable() {
        FreestyleConfig config = FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1",
                "TAILOR_FREESTYLE_DOMAIN", "shop.example.com", "TAILOR_FREESTYLE_BASE_URL", "https://fs.internal/",
                "TAILOR_PUBLIC_URL", "https://tailor.example.com"))).orElseThrow();
        assertThat(config.domainSuffix()).isEqualTo("shop.example.com");
        assertThat(config.baseUrl()).isEqualTo(URI.create("https://fs.internal"));
        assertThat(config.tailorOrigin()).contains(URI.create("https://tailor.example.com"));
        assertThat(FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1"))).orElseThrow().domainSuffix())
                .isEqualTo(FreestyleConfig.DEFAULT_DOMAIN_SUFFIX);
    }

    @Test
    void whereNewDeploymentsAreCheckedIsConfigurable() {
        FreestyleConfig config = FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1",
                "TAILOR_FREESTYLE_SITE_URL", "http://127.0.0.1:8080/sites/{domain}"))).orElseThrow();
        assertThat(config.siteCheck().siteOf("a-personalized.style.dev"))
                .isEqualTo(URI.create("http://127.0.0.1:8080/sites/a-personalized.style.dev/"));
        assertThat(FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1"))).orElseThrow()
                .siteCheck().siteOf("a-personalized.style.dev")).isEqualTo(URI.create("https://a-personalized.style.dev/"));
        assertThatThrownBy(() -> FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1",
                "TAILOR_FREESTYLE_SITE_URL", "ftp://{domain}/"))))
                .hasMessageStartingWith("TAILOR_FREESTYLE_SITE_URL=ftp://{domain}/ is not valid");
    }

    @Test
    void howPatientlyNewDeploymentsAreCheckedIsConfigurable() {
        FreestyleConfig.SiteCheck check = FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1",
                "TAILOR_FREESTYLE_SITE_ATTEMPTS", "12", "TAILOR_FREESTYLE_SITE_DELAY", "5s", "TAILOR_FREESTYLE_SITE_TIMEOUT", "30s")))
                .orElseThrow().siteCheck();
        assertThat(check.attempts()).isEqualTo(12);
        assertThat(check.delay()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(check.timeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1"))).orElseThrow().siteCheck())
                .isEqualTo(FreestyleConfig.DEFAULT_SITE_CHECK);
        assertThatThrownBy(() -> FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1",
                "TAILOR_FREESTYLE_SITE_ATTEMPTS", "0")))).hasMessageStartingWith("TAILOR_FREESTYLE_SITE_ATTEMPTS=0 is not valid");
        assertThatThrownBy(() -> FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1",
                "TAILOR_FREESTYLE_SITE_TIMEOUT", "0s")))).hasMessageStartingWith("TAILOR_FREESTYLE_SITE_TIMEOUT=");
        assertThatThrownBy(() -> FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1",
                "TAILOR_FREESTYLE_SITE_DELAY", "-2s")))).hasMessageStartingWith("TAILOR_FREESTYLE_SITE_DELAY=-2s is not valid");
    }

    @Test
    void aBadValueNamesItsVariable() {
        assertThatThrownBy(() -> FreestyleConfig.fromEnvironment(new Environment(Map.of("FREESTYLE_API_KEY", "fs-1", "TAILOR_FREESTYLE_DOMAIN", "Not A Domain"))))
                .hasMessageStartingWith("TAILOR_FREESTYLE_DOMAIN=Not A Domain is not valid");
    }
}
