package io.descent.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.nn.Architecture;
import io.descent.nn.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing read from a file can run code: no Java serialization anywhere in the project's main code (sources
 * of every module but Spark's, and the compiled classes that exist), no class looked up by a name (so no name from a file
 * becomes a class), no Jackson polymorphic typing; a layer type in a model file goes through
 * {@link Architecture}'s fixed table, which knows exactly its listed names.
 */
class NoDeserializationTest {
    /** What would let a file choose code: Java serialization, reflection by name, polymorphic JSON, scripts. */
    private static final Pattern FORBIDDEN = Pattern.compile("ObjectInputStream|ObjectOutputStream|readObject\\s*\\("
            + "|writeObject\\s*\\(|readResolve|Externalizable|implements[^{]*\\bSerializable\\b|XMLDecoder"
            + "|Class\\.forName|\\.loadClass\\s*\\(|\\.newInstance\\s*\\(|getDeclaredConstructor|getConstructor\\s*\\("
            + "|enableDefaultTyping|activateDefaultTyping|JsonTypeInfo|ScriptEngine|MethodHandles\\.lookup");
    /** The same, as they appear in the constant pool of compiled classes. */
    private static final List<String> FORBIDDEN_IN_CLASSES = List.of("java/io/ObjectInputStream",
            "java/io/ObjectOutputStream", "java/io/Externalizable", "java/beans/XMLDecoder", "activateDefaultTyping",
            "enableDefaultTyping", "javax/script/ScriptEngine");

    /**
     * Modules left out: Spark ships the job's own closures between its JVMs with Java serialization by design
     * (its inputs are the program's code, not users' files); data it trains on still goes through core's readers.
     */
    private static final java.util.Set<String> EXEMPT_MODULES = java.util.Set.of("spark");
    /**
     * Uses that name nothing a file could choose, each with its reason: Gemm reaches netlib's
     * {@code sgemmK}/{@code dgemmK} by those two fixed names, to call BLAS on blocks of C; LossSpec (two enum values
     * and no more) is shipped to Spark's executors inside the tasks Spark serializes, never read from a file;
     * DjlWorkload calls DJL's factory {@code Model.newInstance(name, engine)}, a constructor by another name, not
     * reflection.
     */
    private static final java.util.Set<String> ALLOWED = java.util.Set.of(
            "core/src/main/java/io/descent/tensor/Gemm.java: MethodHandles.lookup",
            "core/src/main/java/io/descent/loss/LossSpec.java: implements Serializable",
            "bench-djl/src/main/java/io/descent/bench/djl/DjlWorkload.java: .newInstance(");

    /** The repository root: the nearest directory upwards whose pom.xml lists modules. */
    private static Path root() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) {
                return p;
            }
        }
        throw new AssertionError("no parent pom.xml above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> files(Path root, String under, String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory)
                    .filter(m -> !EXEMPT_MODULES.contains(m.getFileName().toString())).toList()) {
                Path dir = module.resolve(under);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        walk.filter(f -> f.toString().endsWith(suffix)).forEach(out::add);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void noMainSourceUsesJavaSerializationOrLooksUpClassesByName() throws IOException {
        Path root = root();
        List<Path> sources = files(root, "src/main/java", ".java");
        assertThat(sources).as("main sources of the modules under " + root).hasSizeGreaterThan(100);
        assertThat(sources).anyMatch(p -> p.endsWith("io/descent/io/SafeTensors.java"))
                .anyMatch(p -> p.endsWith("io/descent/cli/Descent.java"));
        List<String> found = new ArrayList<>();
        for (Path f : sources) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Matcher m = FORBIDDEN.matcher(text);
            while (m.find()) {
                found.add(root.relativize(f) + ": " + m.group());
            }
        }
        assertThat(found).as("the allowed uses, each still there").containsAll(ALLOWED);
        found.removeAll(ALLOWED);
        assertThat(found).as("Java serialization or reflection by name in main code").isEmpty();
    }

    @Test
    void noCompiledMainClassReferencesSerializationStreams() throws IOException {
        List<Path> classes = files(root(), "target/classes", ".class");
        assertThat(classes).as("this module's classes at least").anyMatch(p -> p.endsWith("io/descent/io/ModelFile.class"));
        List<String> found = new ArrayList<>();
        for (Path c : classes) {
            String bytes = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
            for (String name : FORBIDDEN_IN_CLASSES) {
                if (bytes.contains(name)) {
                    found.add(c.getFileName() + " refers to " + name);
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theSearchFindsWhatItLooksFor() {
        for (String bad : List.of("new ObjectInputStream(in)", "Class.forName(name)", "class A implements Serializable {",
                "mapper.activateDefaultTyping(v)", "c.getDeclaredConstructor().newInstance()")) {
            assertThat(FORBIDDEN.matcher(bad).find()).as(bad).isTrue();
        }
    }

    /** Every listed type builds; any other name, class names of real layers included, is refused. */
    @Test
    void layerTypesGoThroughTheFixedTableOnly() {
        assertThat(Architecture.TYPES).hasSize(15).contains("Linear", "Conv2d", "Sequential");
        for (String type : List.of("io.descent.nn.Linear", "java.lang.Runtime", "linear", "Linear ", "Module",
                "javax.script.ScriptEngineManager", "ProcessBuilder", "")) {
            assertThatThrownBy(() -> Architecture.build(new Spec(type.isEmpty() ? "?" : type, java.util.Map.of(),
                    List.of()))).as(type).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown module type; the known types are " + Architecture.TYPES);
        }
    }
}
