package dev.tailor.repo;

import org.eclipse.jgit.lib.PersonIdent;

/** The one identity Tailor writes commits as, so history never depends on the host's git config. */
final class GitIdentity {
    static final String NAME = "Tailor";
    static final String EMAIL = "tailor@localhost";

    private GitIdentity() {
    }

    /** A fresh ident per commit: PersonIdent carries the commit time. */
    static PersonIdent now() {
        return new PersonIdent(NAME, EMAIL);
    }
}
