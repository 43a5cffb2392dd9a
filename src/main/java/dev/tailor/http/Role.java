package dev.tailor.http;

import io.javalin.security.RouteRole;

/**
 * Who may call a route, declared beside the route in {@link HttpApi} and checked in one place,
 * {@link ApiAccess#check}. With no {@code TAILOR_API_TOKEN} every role is open (local use).
 */
public enum Role implements RouteRole {
    /** The site's pages, the tracker and {@code /api/track}: always open. */
    ANYONE,
    /** Operators only: {@code Authorization: Bearer <token>} or the dashboard's admin cookie. */
    ADMIN,
    /** An operator, or the visitor named by the route's {@code {user_id}}, proven by their signed cookie. */
    ADMIN_OR_SELF,
    /** The dashboard page: an operator, who may also sign in once with {@code ?token=}. */
    DASHBOARD
}
