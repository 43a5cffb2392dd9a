package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code "metrics"} block of tailor.json: named goals, the primary one, extra guardrails. */
class SiteContractMetricsTest {

    private final SiteContractLoader loader = new SiteContractLoader(new ObjectMapper());

    @TempDir
    Path root;

    private SiteContract load(String metrics) throws Exception {
        Files.createDirectories(root.resolve("src/components"));
        Files.writeString(root.resolve("src/main.jsx"), "import './components/Homepage.jsx';");
        Files.writeString(root.resolve("src/components/Homepage.jsx"),
                "export default function Homepage() { return (<div><Hero /></div>); }");
        Files.writeString(root.resolve("tailor.json"), """
                {"name":"acme","title":"Acme","entry":"src/main.jsx","page":"src/components/Homepage.jsx","component":"Homepage",
                 "sections":{"Hero":{"topics":["content"],"required":true,"props":{}}},
                 "brand":{"palette":["#4f46e5"],"fonts":["Inter"],"requiredElements":["Hero"],"allowedOrigins":[]}%s}
                """.formatted(metrics == null ? "" : ", \"metrics\": " + metrics));
        return loader.load(root);
    }

    @Test
    void withoutAMetricsBlockRolloutsAreJudgedOnAnyGoal() throws Exception {
        assertThat(load(null).goals()).isEqualTo(SiteContract.Goals.ANY);
        assertThat(load(null).goals().primary()).isNull();
    }

    @Test
    void namedGoalsAPrimaryOneAndExtraGuardrailsAreRead() throws Exception {
        SiteContract.Goals goals = load("""
                {"goals": ["signup", "add_to_cart", "signup"], "primary": "signup", "guardrails": ["unsubscribe"]}""").goals();
        assertThat(goals.names()).containsExactly("signup", "add_to_cart");
        assertThat(goals.primary()).isEqualTo("signup");
        assertThat(goals.guardrails()).containsExactly("unsubscribe");
    }

    @Test
    void everyMistakeInTheBlockIsNamedAtOnce() {
        InvalidSiteContractException e = catchThrowableOfType(() -> load("""
                {"goals": ["signup", "bad goal", "bounce"], "primary": "checkout", "guardrails": ["signup"], "minimum": 3}"""),
                InvalidSiteContractException.class);
        assertThat(e.getMessage()).contains(
                "\"metrics\".\"minimum\" is not a setting",
                "\"bad goal\" is not a goal name",
                "\"bounce\" is a built-in metric's name",
                "\"metrics\".\"primary\" must be one of \"metrics\".\"goals\" [signup]",
                "\"signup\" is both a goal and a guardrail");
    }

    @Test
    void aMetricsBlockThatIsNotAnObjectIsRejected() {
        InvalidSiteContractException e = catchThrowableOfType(() -> load("[\"signup\"]"), InvalidSiteContractException.class);
        assertThat(e.getMessage()).contains("\"metrics\" must be an object");
        assertThat(List.of(e.getMessage())).isNotEmpty();
    }
}
