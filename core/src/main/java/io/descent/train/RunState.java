package io.descent.train;

import io.descent.InvalidInputException;
import io.descent.data.LoaderState;
import io.descent.nn.Dropout;
import io.descent.nn.Module;
import io.descent.schedule.ReduceOnPlateau;
import io.descent.tensor.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainer's own part of a checkpoint as text entries: epoch, step, the data order's random state, the
 * random state of every Dropout layer, the plateau schedule's state and the history. Doubles are stored
 * by their exact bits, so a resumed run continues bit for bit. Step sources write their own positions with the
 * same public helpers.
 */
public final class RunState {
    private RunState() {
    }

    public static void putRng(Map<String, String> meta, String key, Rng.State s) {
        meta.put(key, s.state() + "," + s.hasSpare() + "," + Long.toHexString(Double.doubleToRawLongBits(s.spare())));
    }

    public static Rng.State rng(String source, Map<String, String> meta, String key) {
        String v = required(source, meta, key);
        String[] p = v.split(",", -1);
        try {
            if (p.length != 3 || !(p[1].equals("true") || p[1].equals("false"))) {
                throw new NumberFormatException();
            }
            return new Rng.State(Long.parseLong(p[0]), Boolean.parseBoolean(p[1]),
                    Double.longBitsToDouble(Long.parseUnsignedLong(p[2], 16)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source, "entry '" + key + "'", "expected state,hasSpare,spareBits; got '" + v + "'");
        }
    }

    static void putLoader(Map<String, String> meta, LoaderState s) {
        meta.put("loader.epoch", Long.toString(s.epoch()));
        meta.put("loader.batches_done", Integer.toString(s.batchesDone()));
        putRng(meta, "loader.rng", s.rng());
    }

    static LoaderState loader(String source, Map<String, String> meta) {
        long epoch = longValue(source, meta, "loader.epoch");
        long done = longValue(source, meta, "loader.batches_done");
        if (epoch < 0 || epoch > Integer.MAX_VALUE || done < 0 || done > Integer.MAX_VALUE) {
            throw new InvalidInputException(source, "entries 'loader.epoch' and 'loader.batches_done'", epoch + " and "
                    + done + " must be in [0, 2^31)");
        }
        return new LoaderState(epoch, rng(source, meta, "loader.rng"), (int) done);
    }

    /** Every Dropout layer under its path in the model ("" for the model itself, "2" for a child). */
    public static Map<String, Dropout> dropouts(Module model) {
        Map<String, Dropout> out = new LinkedHashMap<>();
        collect("", model, out);
        return out;
    }

    private static void collect(String path, Module m, Map<String, Dropout> out) {
        if (m instanceof Dropout d) {
            out.put(path, d);
        }
        m.children().forEach((name, child) -> collect(path.isEmpty() ? name : path + "." + name, child, out));
    }

    static void putPlateau(Map<String, String> meta, ReduceOnPlateau.State s) {
        meta.put("plateau.factor", hex(s.factor()));
        meta.put("plateau.best", hex(s.best()));
        meta.put("plateau.bad_epochs", Integer.toString(s.badEpochs()));
        meta.put("plateau.cooldown", Integer.toString(s.cooldownCounter()));
        meta.put("plateau.epochs", Long.toString(s.epochs()));
    }

    static ReduceOnPlateau.State plateau(String source, Map<String, String> meta) {
        return new ReduceOnPlateau.State(unhex(source, meta, "plateau.factor"), unhex(source, meta, "plateau.best"),
                (int) longValue(source, meta, "plateau.bad_epochs"), (int) longValue(source, meta, "plateau.cooldown"),
                longValue(source, meta, "plateau.epochs"));
    }

    static String hex(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }

    static double unhex(String source, Map<String, String> meta, String key) {
        String v = required(source, meta, key);
        try {
            return Double.longBitsToDouble(Long.parseUnsignedLong(v, 16));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source, "entry '" + key + "'", "'" + v + "' is not the hex bits of a double");
        }
    }

    public static long longValue(String source, Map<String, String> meta, String key) {
        String v = required(source, meta, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source, "entry '" + key + "'", "'" + v + "' is not an integer");
        }
    }

    static String required(String source, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new InvalidInputException(source, "entry '" + key + "'", "missing from the checkpoint");
        }
        return v;
    }
}
