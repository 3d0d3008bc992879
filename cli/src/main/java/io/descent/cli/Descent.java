package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.tensor.Gemm;
import io.descent.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code descent} command. A user error (a bad spec, a missing file, an unknown data set) ends with
 * status 2 and one line that says what would be valid; {@code --debug} adds the stack trace. A diverged run
 * ends with status 3. An I/O error (a full disk, a read-only one, standard output that cannot be written) and
 * running out of memory end with status 1 and one line.
 */
@Command(name = "descent", mixinStandardHelpOptions = true, version = "descent 0.1.0",
        description = "Train neural networks with the optimization methods of modern deep learning.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, AnalyzeCommand.class, ToyCommand.class,
            CompareCommand.class,
            LrFindCommand.class, TuneCommand.class, ReportCommand.class,
            CommandLine.HelpCommand.class})
public final class Descent implements Runnable {
    public static final int USER_ERROR = 2;
    public static final int DIVERGED = 3;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        StandardOutput stdout = StandardOutput.install();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), stdout::failure));
    }

    /** Runs the command line with the given streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, () -> null);
    }

    /**
     * As {@link #run(String[], PrintWriter, PrintWriter)}; {@code outFailure} tells why writing to {@code out}
     * failed, if it knows.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Supplier<IOException> outFailure) {
        return outputChecked(execute(args, out, err), out, err, outFailure);
    }

    /**
     * A PrintWriter swallows write errors: a command that "succeeded" without its output reaching standard
     * output failed, with status 1 and one line.
     */
    private static int outputChecked(int status, PrintWriter out, PrintWriter err, Supplier<IOException> failure) {
        if (!out.checkError()) {
            return status;
        }
        IOException e = failure.get();
        err.println("descent: could not write to standard output" + (e == null ? "" : ": " + oneLine(e)));
        return status == 0 ? 1 : status;
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Descent());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("descent: " + InvalidInputException.capped(ex.getMessage()));
            err.println("Try 'descent " + (ex.getCommandLine().getParent() == null ? ""
                    : ex.getCommandLine().getCommandName() + " ") + "--help' for the options.");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((thrown, commandLine, parseResult) -> {
            // The training loop's callbacks (checkpoints) wrap an IOException: the cause says what kind of error.
            Exception ex = thrown instanceof UncheckedIOException u ? u.getCause() : thrown;
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            if (debug) {
                thrown.printStackTrace(err);
            }
            if (ex instanceof TrainingDivergedException) {
                err.println("descent: " + oneLine(ex));
                return DIVERGED;
            }
            if (ex instanceof InvalidInputException || ex instanceof IllegalArgumentException
                    || ex instanceof NoSuchFileException || ex instanceof IllegalStateException) {
                err.println("descent: " + oneLine(thrown));
                return USER_ERROR;
            }
            if (ex instanceof IOException) {
                err.println("descent: " + oneLine(thrown));
                return 1;
            }
            if (!debug) {
                err.println("descent: internal error: " + InvalidInputException.capped(thrown.toString())
                        + " (run with --debug for the stack trace)");
            }
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) { // an Error passes picocli's handler; the allocations are gone by now
            if (java.util.Arrays.asList(args).contains("--debug")) {
                e.printStackTrace(err);
            }
            err.println("descent: out of memory (this JVM may use " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): use a smaller model, batch size or data set, or give Java more memory with -Xmx");
            return 1;
        }
    }

    /** The message on one line of at most {@value InvalidInputException#MAX_MESSAGE} characters. */
    private static String oneLine(Exception ex) {
        String m = ex instanceof NoSuchFileException ? "no such file: " + ex.getMessage() : ex.getMessage();
        return InvalidInputException.capped(m == null ? ex.toString() : m.replace('\n', ' '));
    }

    /**
     * Who runs the float32 matrix products, for the start-up line of {@code descent train}: the oneDNN backend
     * when the dnnl module is on the class path (as in descent.jar) and DESCENT_BACKEND does not say blas, else
     * BLAS. Float64 products always run on BLAS.
     */
    static String productsBy() {
        return "float32 products by " + io.descent.tensor.Backends.describe();
    }

    /** Said once, at the start of commands that compute: native BLAS makes matrix products about 10x faster. */
    static void noteBlas(PrintWriter err) {
        if (!Gemm.isNative()) {
            err.println("descent: note: native BLAS is not in use (" + Gemm.implementation() + "); install it with "
                    + "'apt-get install -y libopenblas0-pthread' for much faster matrix products");
        }
    }
}
