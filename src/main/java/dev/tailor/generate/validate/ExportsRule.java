package dev.tailor.generate.validate;

import static dev.tailor.generate.validate.RuleId.EXPORTS;

import dev.tailor.page.ParsedPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The variant keeps every export of the original (the default export is what the site renders). */
public final class ExportsRule implements ValidationRule {
    @Override
    public List<ValidationFinding> check(ValidationContext ctx) {
        List<ValidationFinding> findings = new ArrayList<>();
        checkExports(ctx.original(), ctx.variant(), findings);
        return findings;
    }

    private static void checkExports(ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
        Set<String> kept = variant.exportNames();
        for (String name : original.exportNames()) {
            if (!kept.contains(name)) {
                findings.add(new ValidationFinding(EXPORTS, 0, 0, "the "
                        + ("default".equals(name) ? "default export" : "export " + name) + " of the original is missing"));
            }
        }
    }
}
