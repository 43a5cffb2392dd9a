package dev.tailor.generate.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RuleIdTest {

    @Test
    void theWireIdsAreTheOnesFindingsHaveAlwaysCarried() {
        // in job JSON, deployment.json, logs and fallback notes: a changed id would break every reader of them
        assertThat(Arrays.stream(RuleId.values()).map(RuleId::id)).containsExactly(
                "syntax", "page-component", "exports", "required-section", "brand-element", "unknown-component",
                "duplicate-section", "prop-value", "unsafe-html", "unsafe-eval", "unsafe-element", "inline-handler",
                "unsafe-url", "external-origin", "off-palette-colour", "off-brand-font", "imports", "url-expression",
                "plan-mismatch", "compile");
    }

    @Test
    void aFindingCarriesTheWireIdAndTheIdNamesItsRule() {
        ValidationFinding finding = new ValidationFinding(RuleId.OFF_PALETTE_COLOUR, 3, 4, "colour #ff0000");
        assertThat(finding.rule()).isEqualTo("off-palette-colour");
        assertThat(RuleId.OFF_PALETTE_COLOUR).hasToString("off-palette-colour");
        for (RuleId rule : RuleId.values()) {
            assertThat(RuleId.fromId(rule.id())).isSameAs(rule);
        }
        assertThatThrownBy(() -> RuleId.fromId("OFF_PALETTE_COLOUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown validation rule id 'OFF_PALETTE_COLOUR'").hasMessageContaining("off-palette-colour");
    }
}
