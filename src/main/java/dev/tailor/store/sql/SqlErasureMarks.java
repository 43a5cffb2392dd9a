package dev.tailor.store.sql;

import dev.tailor.stream.ErasureMarks;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/** Erasure marks in the table {@code erasure_marks}, written durably; the same SQL on SQLite and PostgreSQL. */
public final class SqlErasureMarks implements ErasureMarks {

    private final Jdbc db;

    public SqlErasureMarks(Jdbc db) {
        this.db = db;
    }

    @Override
    public void add(Mark mark) {
        db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("insert into erasure_marks (topic, kafka_partition,"
                    + " kafka_offset, user_id, erased_at) values (?, ?, ?, ?, ?) on conflict do nothing")) {
                st.setString(1, mark.topic());
                st.setInt(2, mark.partition());
                st.setLong(3, mark.offset());
                st.setString(4, mark.userId());
                st.setLong(5, mark.erasedAt());
                return st.executeUpdate();
            }
        });
    }

    @Override
    public Map<String, Long> inPartition(String topic, int partition) {
        return db.read(connection -> {
            try (PreparedStatement st = connection.prepareStatement("select user_id, max(kafka_offset) from erasure_marks"
                    + " where topic = ? and kafka_partition = ? group by user_id")) {
                st.setString(1, topic);
                st.setInt(2, partition);
                Map<String, Long> out = new HashMap<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int forgetBefore(String topic, int partition, long firstOffset) {
        return db.transaction(connection -> {
            try (PreparedStatement st = connection.prepareStatement("delete from erasure_marks"
                    + " where topic = ? and kafka_partition = ? and kafka_offset < ?")) {
                st.setString(1, topic);
                st.setInt(2, partition);
                st.setLong(3, firstOffset);
                return st.executeUpdate();
            }
        });
    }
}
