package io.descent.dnnl;

import io.descent.tensor.Backends;

/** Prints {@link Backends#describe()}: the child JVM of {@link BlasRequestedTest}. */
public final class PrintBackend {
    private PrintBackend() {
    }

    public static void main(String[] args) {
        System.out.println(Backends.describe());
    }
}
