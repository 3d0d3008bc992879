package io.descent.spark;

import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark session shared by the test classes (starting Spark takes seconds): {@code local[2,4]}, two
 * threads, each task tried up to four times. A test that needs another master gets it in place of the
 * shared one (one SparkContext per JVM).
 */
final class TestSpark {
    static final String MASTER = "local[2,4]";
    private static SparkSession session;
    private static String master;

    private TestSpark() {
    }

    static synchronized SparkSession local() {
        return session(MASTER);
    }

    static synchronized SparkSession session(String wanted) {
        if (session != null && !wanted.equals(master)) {
            session.stop();
            session = null;
        }
        if (session == null) {
            session = SparkSessions.builder(wanted).config("spark.default.parallelism", "2").getOrCreate();
            master = wanted;
        }
        return session;
    }

    /** Stops the current session, if any. */
    static synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
            master = null;
        }
    }

    /** A session of {@code wanted} with more settings, replacing the current one. */
    static synchronized SparkSession session(String wanted, UnaryOperator<SparkSession.Builder> extra) {
        if (session != null) {
            session.stop();
            session = null;
        }
        session = extra.apply(SparkSessions.builder(wanted)).getOrCreate();
        master = wanted + " (configured)";
        return session;
    }
}
