package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Specs: every layer describes itself, the fixed table rebuilds it, and bad specs fail before allocating. */
class ArchitectureTest {

    @Test
    void everyTypeIsInTheTableAndRebuildsToTheSameSpec() {
        Module net = EveryLayer.model(DType.FLOAT32, 5);
        Spec spec = net.spec();
        Module again = Architecture.build(spec);
        assertThat(again.spec()).isEqualTo(spec);
        assertThat(again.stateDict().keySet()).containsExactlyElementsOf(net.stateDict().keySet());
        List<String> types = new ArrayList<>();
        collectTypes(spec, types);
        assertThat(types).containsExactlyInAnyOrderElementsOf(Architecture.TYPES);
        assertThat(again.forward(Tensor.zeros(2, 1, 8, 8)).shape().dims()).containsExactly(2, 3);
    }

    private static void collectTypes(Spec s, List<String> out) {
        if (!out.contains(s.type())) {
            out.add(s.type());
        }
        s.children().forEach(c -> collectTypes(c, out));
    }

    @Test
    void toStringReadsLikePyTorch() {
        assertThat(new Sequential(new Linear(2, 1, true, new Rng(0)), new ReLU()).toString())
                .isEqualTo("Sequential(Linear(in_features=2, out_features=1, bias=true, dtype=float32), ReLU())");
    }

    @Test
    void badSpecsNameTheModuleAndTheProblem() {
        Spec lin = Spec.of("Linear", "in_features", 3, "out_features", 2, "bias", true, "dtype", "float32");
        assertThatThrownBy(() -> Architecture.build(Spec.of("Sequential").withChildren(List.of(lin, Spec.of("Lstm")))))
                .isInstanceOf(Architecture.Invalid.class).hasMessageContaining("module '1' of type Lstm")
                .hasMessageContaining("unknown module type");
        assertThatThrownBy(() -> Architecture.build(Spec.of("java.lang.Runtime")))
                .hasMessageContaining("unknown module type");
        assertThatThrownBy(() -> Architecture.build(Spec.of("Linear", "in_features", 3, "out_features", 2, "bias", true)))
                .hasMessageContaining("missing [dtype]");
        assertThatThrownBy(() -> Architecture.build(Spec.of("ReLU", "inplace", true))).hasMessageContaining("unknown [inplace]");
        assertThatThrownBy(() -> Architecture.build(Spec.of("Linear", "in_features", 3.5, "out_features", 2, "bias", true,
                "dtype", "float32"))).hasMessageContaining("in_features must be a 32-bit integer");
        assertThatThrownBy(() -> Architecture.build(Spec.of("Linear", "in_features", 3, "out_features", 2, "bias", true,
                "dtype", "float16"))).hasMessageContaining("float32 or float64");
        assertThatThrownBy(() -> Architecture.build(Spec.of("Dropout", "p", 2.0))).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Architecture.build(Spec.of("Linear", "in_features", -3, "out_features", 2, "bias", true,
                "dtype", "float32"))).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> Architecture.build(Spec.of("ReLU").withChildren(List.of(Spec.of("ReLU")))))
                .hasMessageContaining("has 0 children");
    }

    @Test
    void hugeLayersAreRefusedBeforeAllocating() {
        Spec big = Spec.of("Linear", "in_features", 40000, "out_features", 40000, "bias", true, "dtype", "float32");
        assertThatThrownBy(() -> Architecture.build(big, 1000)).hasMessageContaining("1600040000 values");
        Spec conv = Spec.of("Conv2d", "in_channels", 1 << 20, "out_channels", 1 << 20, "kernel_size", 1 << 20,
                "stride", 1, "padding", 0, "bias", true, "dtype", "float32");
        assertThatThrownBy(() -> Architecture.build(conv, 1000)).isInstanceOf(Architecture.Invalid.class);
        Spec deep = Spec.of("ReLU");
        for (int i = 0; i < 100; i++) {
            deep = Spec.of("Sequential").withChildren(List.of(deep));
        }
        Spec tooDeep = deep;
        assertThatThrownBy(() -> Architecture.build(tooDeep)).hasMessageContaining("nested more than 64");
        Spec small = Spec.of("Sequential").withChildren(List.of(
                Spec.of("Linear", "in_features", 3, "out_features", 2, "bias", true, "dtype", "float32"),
                Spec.of("Linear", "in_features", 2, "out_features", 2, "bias", true, "dtype", "float32")));
        assertThat(Architecture.build(small, 14).parameterCount()).isEqualTo(14);
        assertThatThrownBy(() -> Architecture.build(small, 13)).hasMessageContaining("module '1' of type Linear");
    }

    @Test
    void specsHoldOnlyJsonValues() {
        assertThatThrownBy(() -> Spec.of("X", "a", new int[] {1})).hasMessageContaining("integer, double, boolean or string");
        assertThat(Spec.of("X", "dtype", DType.FLOAT64).args().get("dtype")).isEqualTo("float64");
    }
}
