package io.descent.cli;

/** Stands in for the command in {@link LauncherHeapTest}: prints the heap the launcher gave this JVM, in MB. */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void main(String[] args) {
        System.out.println("max heap MB " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " args " + args.length);
    }
}
