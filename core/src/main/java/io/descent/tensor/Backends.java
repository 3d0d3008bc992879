package io.descent.tensor;

import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The float32 {@link Backend} in use: the first one {@link ServiceLoader} finds on the class path, unless the
 * system property {@code descent.backend} or the environment variable {@code DESCENT_BACKEND} says {@code blas}
 * (then none: BLAS runs every product). Looked up once, on first use.
 */
public final class Backends {
    private static final Optional<Backend> CURRENT = load();

    private Backends() {
    }

    /** The backend in use, or empty when BLAS runs everything. */
    public static Optional<Backend> current() {
        return CURRENT;
    }

    /** In words: the backend's name, or the BLAS implementation when none is in use. */
    public static String describe() {
        return CURRENT.map(Backend::name).orElseGet(() -> "BLAS (" + Gemm.implementation() + ")");
    }

    /** True when the property or the environment asks for BLAS alone. */
    static boolean blasRequested(String property, String environment) {
        String choice = property != null ? property : environment;
        return choice != null && choice.trim().toLowerCase(Locale.ROOT).equals("blas");
    }

    private static Optional<Backend> load() {
        if (blasRequested(System.getProperty("descent.backend"), System.getenv("DESCENT_BACKEND"))) {
            return Optional.empty();
        }
        return ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).findFirst();
    }
}
