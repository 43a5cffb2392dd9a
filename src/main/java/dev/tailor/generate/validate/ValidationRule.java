package dev.tailor.generate.validate;

import java.util.List;

/**
 * One family of validation rules. A rule reads the pages the context parsed once and reports every
 * finding, in source order; it keeps no state, so one instance serves every validation.
 */
@FunctionalInterface
public interface ValidationRule {

    /** What this family finds wrong with the variant; empty when nothing. */
    List<ValidationFinding> check(ValidationContext ctx);
}
