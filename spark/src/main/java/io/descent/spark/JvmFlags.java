package io.descent.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags this JVM was started with that Spark needs in every JVM of a run on Java 17 (the {@code --add-opens}
 * of Spark's own launcher, the Vector API module, the reflection and Netty settings): passed on to the Master,
 * Worker and executor JVMs of a cluster on this machine.
 */
final class JvmFlags {
    private JvmFlags() {
    }

    /** The module and reflection flags of this JVM, in their one-token form. */
    static List<String> moduleFlags() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--add-opens") || a.equals("--add-modules") || a.equals("--add-exports"))
                    && i + 1 < args.size()) {
                flags.add(a + "=" + args.get(++i));
            } else if (a.startsWith("--add-opens=") || a.startsWith("--add-modules=") || a.startsWith("--add-exports=")
                    || a.startsWith("-Djdk.reflect.") || a.startsWith("-Dio.netty.")
                    || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                flags.add(a);
            }
        }
        return flags;
    }
}
