package dev.tailor.schedule;

import java.util.Optional;

/**
 * Which node does a piece of work that must be done once among several Tailor nodes sharing one
 * database (an optimization job, a rollout judgement). A lease is held from when it is granted
 * until it is closed, or until the node holding it dies (its database session ends). On one node
 * there is no one to share with: {@link #SINGLE_NODE} grants every lease at once.
 */
public interface Leases {

    /** A granted lease; closing it lets the next node have it. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** The lease on {@code key} if no node holds it now, else empty at once (never waits). */
    Optional<Lease> tryAcquire(String key);

    /** The lease on {@code key}, waiting while another node holds it. */
    Lease acquire(String key);

    /** One node (SQLite, in-memory stores): every lease is granted; the node's own locks do the rest. */
    Leases SINGLE_NODE = new Leases() {
        private static final Lease HELD = () -> { };

        @Override
        public Optional<Lease> tryAcquire(String key) {
            return Optional.of(HELD);
        }

        @Override
        public Lease acquire(String key) {
            return HELD;
        }
    };
}
