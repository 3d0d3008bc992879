package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.tensor.Rng;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fuzz contract for the command line's specs (as core's test helper Fuzzing states it for files): a
 * result, or an {@link InvalidInputException} whose message starts with the option; nothing else, within
 * {@link #TIME_LIMIT_SECONDS}, and no more allocated than half the heap (a spec asking for more is refused
 * before allocating). Inputs are counted per parser.
 */
final class SpecFuzz {
    static final long TIME_LIMIT_SECONDS = 10;
    private static final Map<String, Long> COUNTS = new TreeMap<>();
    private static ExecutorService worker;

    private SpecFuzz() {
    }

    interface Parse {
        void run() throws Exception;
    }

    static synchronized void count(String parser) {
        COUNTS.merge(parser, 1L, Long::sum);
    }

    static synchronized String report() {
        StringBuilder sb = new StringBuilder();
        COUNTS.forEach((k, v) -> sb.append("fuzz inputs tried: ").append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }

    static void onlyInvalidInput(String parser, String option, String text, Parse parse) {
        count(parser);
        long bound = Runtime.getRuntime().maxMemory() / 2;
        Future<Long> run = worker().submit(() -> {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            try {
                parse.run();
            } catch (InvalidInputException expected) {
                if (!expected.getMessage().startsWith(option) || expected.getMessage().length() <= option.length() + 2) {
                    throw new AssertionError(parser + ": '" + text + "' refused without naming " + option + ": "
                            + expected.getMessage());
                }
            } catch (Throwable other) {
                throw new AssertionError(parser + ": '" + text + "' raised " + other, other);
            }
            return threads.getThreadAllocatedBytes(id) - before;
        });
        long allocated;
        try {
            allocated = run.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            synchronized (SpecFuzz.class) {
                worker = null;
            }
            throw new AssertionError(parser + ": '" + text + "' took more than " + TIME_LIMIT_SECONDS + " s: a hang");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (allocated > bound) {
            throw new AssertionError(parser + ": '" + text + "' allocated " + allocated + " bytes, more than half the heap");
        }
    }

    private static synchronized ExecutorService worker() {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fuzz-spec");
                t.setDaemon(true);
                return t;
            });
        }
        return worker;
    }

    private static final String ALPHABET = "0123456789.,:=()-+e_ abcdlmnprstuvwxyz";
    private static final String[] EDGE_VALUES = {"", "-1", "0", "1e309", "-1e309", "NaN", "Infinity", "1e-400",
        "99999999999", "2147483647", "2147483648", "1e18", "true", "0:0", "1:2:3", "0.5:", "x", "(", ")", ","};

    /**
     * {@code text} with {@code count} edits: characters replaced, inserted or deleted, and values (what follows
     * an '=', or a positional argument) replaced by edge values.
     */
    static String mutate(String text, long seed, int count) {
        Rng rng = new Rng(seed);
        StringBuilder sb = new StringBuilder(text);
        for (int k = 0; k < count; k++) {
            int at = sb.length() == 0 ? 0 : rng.nextInt(sb.length());
            switch (rng.nextInt(5)) {
                case 0 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, ALPHABET.charAt(rng.nextInt(ALPHABET.length())));
                    }
                }
                case 1 -> sb.insert(at, ALPHABET.charAt(rng.nextInt(ALPHABET.length())));
                case 2 -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(at);
                    }
                }
                default -> {
                    int eq = sb.indexOf("=", at);
                    int start = eq >= 0 ? eq + 1 : Math.max(sb.indexOf("(") + 1, 0);
                    int end = start;
                    while (end < sb.length() && ",)".indexOf(sb.charAt(end)) < 0) {
                        end++;
                    }
                    sb.replace(start, end, EDGE_VALUES[rng.nextInt(EDGE_VALUES.length)]);
                }
            }
        }
        return sb.toString();
    }
}
