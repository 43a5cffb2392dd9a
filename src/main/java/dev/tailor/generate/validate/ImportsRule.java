package dev.tailor.generate.validate;

import static dev.tailor.generate.validate.RuleId.IMPORTS;
import static dev.tailor.generate.validate.StaticExpressions.abbreviate;
import static dev.tailor.generate.validate.StaticExpressions.calleeNames;
import static dev.tailor.generate.validate.StaticExpressions.squeeze;
import static dev.tailor.generate.validate.ValidationFinding.at;

import com.caoccao.javet.swc4j.ast.expr.Swc4jAstCallExpr;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.miscs.Swc4jAstOptCall;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstExportAll;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImport;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstNamedExport;
import dev.tailor.page.ParsedPage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The variant's static imports, re-exports and dynamic loads against the original's (rule {@code imports}). */
public final class ImportsRule implements ValidationRule {
    @Override
    public List<ValidationFinding> check(ValidationContext ctx) {
        List<ValidationFinding> findings = new ArrayList<>();
        checkImports(ctx.original(), ctx.variant(), findings);
        return findings;
    }

    /**
     * A variant imports nothing the original does not: esbuild bundles whatever a page imports,
     * so one new specifier could put any readable file of the build machine into the public
     * bundle. Dropping an import (of a hidden section) is fine. Dynamic {@code import(…)} and
     * {@code require(…)} are findings unless the original makes the very same call.
     */
    private static void checkImports(ParsedPage original, ParsedPage variant, List<ValidationFinding> findings) {
        Set<String> allowed = new HashSet<>();
        for (Swc4jAstStr src : moduleSpecifiers(original)) {
            allowed.add(src.getValue());
        }
        for (Swc4jAstStr src : moduleSpecifiers(variant)) {
            if (!allowed.contains(src.getValue())) {
                findings.add(at(IMPORTS, src, "import of \"" + src.getValue() + "\" is not in the original;"
                        + " a variant may keep or drop the original's imports but add none"));
            }
        }
        Set<String> originalLoads = new HashSet<>();
        for (ISwc4jAst call : dynamicLoads(original)) {
            originalLoads.add(squeeze(original.text(call)));
        }
        for (ISwc4jAst call : dynamicLoads(variant)) {
            if (!originalLoads.contains(squeeze(variant.text(call)))) {
                findings.add(at(IMPORTS, call, "dynamic module load " + abbreviate(variant.text(call))
                        + " is not allowed; a variant may add no imports"));
            }
        }
    }

    /** The source strings of every {@code import … from}, {@code export … from} and {@code export * from}. */
    private static List<Swc4jAstStr> moduleSpecifiers(ParsedPage page) {
        List<Swc4jAstStr> sources = new ArrayList<>();
        for (var item : page.module().getBody()) {
            if (item instanceof Swc4jAstImportDecl decl) {
                sources.add(decl.getSrc());
            } else if (item instanceof Swc4jAstNamedExport named && named.getSrc().isPresent()) {
                sources.add(named.getSrc().get());
            } else if (item instanceof Swc4jAstExportAll all) {
                sources.add(all.getSrc());
            }
        }
        return sources;
    }

    /** {@code import(…)} and calls of anything named {@code require}. */
    private static List<ISwc4jAst> dynamicLoads(ParsedPage page) {
        List<ISwc4jAst> loads = new ArrayList<>();
        for (Swc4jAstCallExpr call : page.module().find(Swc4jAstCallExpr.class)) {
            if (call.getCallee() instanceof Swc4jAstImport || calleeNames(call.getCallee()).contains("require")) {
                loads.add(call);
            }
        }
        for (Swc4jAstOptCall call : page.module().find(Swc4jAstOptCall.class)) {
            if (calleeNames(call.getCallee()).contains("require")) {
                loads.add(call);
            }
        }
        return loads;
    }
}
