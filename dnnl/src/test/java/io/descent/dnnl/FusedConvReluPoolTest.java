package io.descent.dnnl;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Models;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.nn.Sequential;
import io.descent.tensor.Backend.ConvolutionShape;
import io.descent.tensor.Backends;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The bench CNN through {@link Sequential}, whose conv -> ReLU -> pooling blocks run as oneDNN's fused block,
 * against the same layers called one by one (oneDNN's convolution, Descent's ReLU and pooling): the same loss,
 * the same gradient of every parameter, and the same Hessian-vector product (a backward pass that creates the
 * graph takes the block's recorded rule), to float32 rounding.
 */
class FusedConvReluPoolTest {
    private static final int BATCH = 32;

    @Test
    void theBlocksAreFusedAtThisBatch() {
        assertThat(Backends.current()).isPresent();
        assertThat(Backends.current().get().convolutionReluPool(new ConvolutionShape(BATCH, 1, 28, 28, 32, 5, 1, 2)))
                .isNotNull();
        assertThat(Backends.current().get().convolutionReluPool(new ConvolutionShape(BATCH, 32, 14, 14, 64, 5, 1, 2)))
                .isNotNull();
    }

    @Test
    void sameLossAndGradientsAsTheLayersOneByOne() {
        Sequential cnn = (Sequential) Models.cnn(3, DType.FLOAT32);
        Batch b = new Batch(17);
        List<Tensor> params = values(cnn);
        Tensor fused = b.loss(cnn::forward);
        Tensor layered = b.loss(x -> oneByOne(cnn, x));
        assertThat(fused.item()).isCloseTo(layered.item(), org.assertj.core.data.Offset.offset(1e-5));
        Tensor[] gFused = DoubleBackward.gradients(fused, params, false);
        Tensor[] gLayered = DoubleBackward.gradients(layered, params, false);
        for (int i = 0; i < params.size(); i++) {
            assertClose("d loss / d " + cnn.parameters().get(i).name(), gFused[i], gLayered[i]);
        }
    }

    @Test
    void sameHessianVectorProductAsTheLayersOneByOne() {
        Sequential cnn = (Sequential) Models.cnn(5, DType.FLOAT32);
        Batch b = new Batch(23);
        List<Tensor> params = values(cnn);
        Random r = new Random(2);
        List<Tensor> v = new ArrayList<>();
        for (Tensor p : params) {
            float[] d = new float[p.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) r.nextGaussian();
            }
            v.add(Tensor.wrap(d, p.shape().dims()));
        }
        Tensor[] hvFused = hessianTimes(b.loss(cnn::forward), params, v);
        Tensor[] hvLayered = hessianTimes(b.loss(x -> oneByOne(cnn, x)), params, v);
        double norm = 0;
        for (int i = 0; i < params.size(); i++) {
            assertClose("(H v) for " + cnn.parameters().get(i).name(), hvFused[i], hvLayered[i]);
            norm += Math.abs(hvLayered[i].mul(hvLayered[i]).sum().item());
        }
        assertThat(norm).as("the product is not zero (the test can fail)").isGreaterThan(1e-12);
    }

    /** H v = d (g . v) / d theta, with g = d loss / d theta recorded. */
    private static Tensor[] hessianTimes(Tensor loss, List<Tensor> params, List<Tensor> v) {
        Tensor[] g = DoubleBackward.gradients(loss, params, true);
        Tensor dot = null;
        for (int i = 0; i < g.length; i++) {
            Tensor term = g[i].mul(v.get(i)).sum();
            dot = dot == null ? term : dot.add(term);
        }
        return DoubleBackward.gradients(dot, params, false);
    }

    private static Tensor oneByOne(Sequential model, Tensor x) {
        Tensor h = x;
        for (Module m : model.layers()) {
            h = m.forward(h);
        }
        return h;
    }

    private static List<Tensor> values(Module m) {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            out.add(p.value());
        }
        return out;
    }

    /** Seeded images (rectified noise, like pixel intensities) and labels. */
    private static final class Batch {
        final Tensor images;
        final Tensor labels;

        Batch(long seed) {
            Random r = new Random(seed);
            float[] x = new float[BATCH * 28 * 28];
            float[] y = new float[BATCH];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.max(0, r.nextGaussian());
            }
            for (int i = 0; i < BATCH; i++) {
                y[i] = r.nextInt(10);
            }
            images = Tensor.wrap(x, BATCH, 1, 28, 28);
            labels = Tensor.wrap(y, BATCH);
        }

        Tensor loss(Function<Tensor, Tensor> model) {
            return new CrossEntropyLoss().apply(model.apply(images), labels);
        }
    }

    /** Each element within 1e-4 of the largest magnitude of the expected tensor (float32 sums of many terms). */
    private static void assertClose(String what, Tensor actual, Tensor expected) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.getFlat(i)));
        }
        assertThat(scale).as("%s is not all zero", what).isGreaterThan(0);
        int worst = 0;
        double worstDiff = -1;
        for (int i = 0; i < expected.size(); i++) {
            double d = Math.abs(actual.getFlat(i) - expected.getFlat(i));
            if (!(d <= worstDiff)) {
                worst = i;
                worstDiff = d;
            }
        }
        assertThat(actual.getFlat(worst)).as("%s[%d]", what, worst)
                .isCloseTo(expected.getFlat(worst), org.assertj.core.data.Offset.offset(1e-4 * scale));
    }
}
