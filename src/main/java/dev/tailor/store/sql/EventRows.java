package dev.tailor.store.sql;

import dev.tailor.track.TrackEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The events table's columns, bound in one order for a multi-row insert on either database. */
public final class EventRows {

    /** The columns each row binds, in the order {@link #bind} binds them. */
    public static final String COLUMNS = "event_id, user_id, session_id, event, section, time_spent, scroll_depth, goal,"
            + " device, occurred_at, received_at, payload";

    /** One row's placeholders, one per column. */
    public static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private EventRows() {}

    /** Binds the events one row after the other, from the statement's first parameter. */
    public static void bind(PreparedStatement insert, List<TrackEvent> events, long receivedAt) throws SQLException {
        int p = 1;
        for (TrackEvent e : events) {
            insert.setString(p++, e.eventId());
            insert.setString(p++, e.userId());
            insert.setString(p++, e.sessionId());
            insert.setString(p++, e.event());
            insert.setString(p++, e.section());
            insert.setDouble(p++, e.timeSpent());
            insert.setDouble(p++, e.scrollDepth());
            insert.setString(p++, e.goal());
            insert.setString(p++, e.device());
            insert.setLong(p++, e.occurredAt());
            insert.setLong(p++, receivedAt);
            insert.setString(p++, e.payload());
        }
    }
}
