package io.descent.dnnl;

import io.descent.tensor.Backend;
import io.descent.tensor.Backend.ConvolutionShape;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A float32 convolution of one shape through oneDNN's direct convolution primitives: forward with bias,
 * backward-data, and backward-weights with the bias gradient. Everything is made once, in the constructor: the
 * three primitives, their native buffers, and the reorders between Descent's plain nchw / oihw arrays and the
 * layouts the primitives chose ({@link Layout#CHOSEN}, oneDNN's {@code format_tag any}: blocked nChw16c and
 * OIhw16i16o on AVX-512) or none ({@link Layout#PLAIN}).
 *
 * <p>Each call copies its operands into the native buffers (JavaCPP cannot hand a Java array to native code
 * without a copy), reorders them where the layouts differ, runs the primitive on oneDNN's threads, and copies
 * the result out. The calls of one shape share the buffers, so they are serialized (synchronized): a network's
 * layers run one after another, and two threads that convolve the same shape at once take turns.
 *
 * <p>With y = conv(x, W) + b over x [N, C, H, W], W [O, C, k, k], y [N, O, H', W'], oneDNN computes
 * y[n, o, i, j] = b[o] + sum_{c, p, q} W[o, c, p, q] x[n, c, i s - pad + p, j s - pad + q],
 * dx = conv^T(dy, W) and dW = sum_n dy[n] (x) x[n] (the correlation of the gradient with the input),
 * db[o] = sum_{n, i, j} dy[n, o, i, j].
 */
final class DnnlConvolution implements Backend.Convolution {
    /** Which layouts the primitives work on. */
    enum Layout {
        /** Descent's own (nchw, oihw): no reorder, oneDNN's kernels for plain layouts. */
        PLAIN,
        /** The primitives' choice ({@code format_tag any}), reordered from and to Descent's on every call. */
        CHOSEN
    }

    private final ConvolutionShape shape;
    private final dnnl_primitive forward;
    private final dnnl_primitive backwardData;
    private final dnnl_primitive backwardWeights;
    private final StagedMemory fSrc;
    private final StagedMemory fWeights;
    private final StagedMemory fBias;
    private final StagedMemory fDst;
    private final dnnl_exec_arg_t fArgs;
    private final StagedMemory dDiffDst;
    private final StagedMemory dWeights;
    private final StagedMemory dDiffSrc;
    private final dnnl_exec_arg_t dArgs;
    private final StagedMemory wSrc;
    private final StagedMemory wDiffDst;
    private final StagedMemory wDiffWeights;
    private final StagedMemory wDiffBias;
    private final dnnl_exec_arg_t wArgs;
    /** dW and db as oneDNN wrote them, where they are added to what the caller's arrays held. */
    private final float[] weightGradient;
    private final float[] biasGradient;
    private final String implementations;

    DnnlConvolution(ConvolutionShape s, Layout layout) {
        this.shape = s;
        long[] src = {s.n(), s.c(), s.h(), s.w()};
        long[] weights = {s.o(), s.c(), s.kernel(), s.kernel()};
        long[] bias = {s.o()};
        long[] dst = {s.n(), s.o(), s.outHeight(), s.outWidth()};
        long[] strides = {s.stride(), s.stride()};
        long[] dilation = {0, 0};
        long[] padLeft = {s.padding(), s.padding()};
        // oneDNN wants the right padding that makes the sizes agree: (H' - 1) s + k = H + pad_l + pad_r
        long[] padRight = {(s.outHeight() - 1L) * s.stride() + s.kernel() - s.h() - s.padding(),
            (s.outWidth() - 1L) * s.stride() + s.kernel() - s.w() - s.padding()};
        int dataTag = layout == Layout.PLAIN ? dnnl.dnnl_nchw : dnnl.dnnl_format_tag_any;
        int weightTag = layout == Layout.PLAIN ? dnnl.dnnl_oihw : dnnl.dnnl_format_tag_any;
        dnnl_memory_desc srcPlain = OneDnn.desc(dnnl.dnnl_nchw, src);
        dnnl_memory_desc weightsPlain = OneDnn.desc(dnnl.dnnl_oihw, weights);
        dnnl_memory_desc biasPlain = OneDnn.desc(dnnl.dnnl_x, bias);
        dnnl_memory_desc dstPlain = OneDnn.desc(dnnl.dnnl_nchw, dst);

        PointerPointer<dnnl_primitive_desc> out = new PointerPointer<>(1L);
        OneDnn.check(dnnl.dnnl_convolution_forward_primitive_desc_create(out, OneDnn.engine(),
                dnnl.dnnl_forward_training, dnnl.dnnl_convolution_direct, OneDnn.desc(dataTag, src),
                OneDnn.desc(weightTag, weights), biasPlain, OneDnn.desc(dataTag, dst), strides, dilation, padLeft,
                padRight, null), "dnnl_convolution_forward_primitive_desc_create for " + s);
        dnnl_primitive_desc fwd = out.get(dnnl_primitive_desc.class);
        OneDnn.check(dnnl.dnnl_convolution_backward_data_primitive_desc_create(out, OneDnn.engine(),
                dnnl.dnnl_convolution_direct, OneDnn.desc(dataTag, src), OneDnn.desc(weightTag, weights),
                OneDnn.desc(dataTag, dst), strides, dilation, padLeft, padRight, fwd, null),
                "dnnl_convolution_backward_data_primitive_desc_create for " + s);
        dnnl_primitive_desc bwdData = out.get(dnnl_primitive_desc.class);
        OneDnn.check(dnnl.dnnl_convolution_backward_weights_primitive_desc_create(out, OneDnn.engine(),
                dnnl.dnnl_convolution_direct, OneDnn.desc(dataTag, src), OneDnn.desc(weightTag, weights),
                biasPlain, OneDnn.desc(dataTag, dst), strides, dilation, padLeft, padRight, fwd, null),
                "dnnl_convolution_backward_weights_primitive_desc_create for " + s);
        dnnl_primitive_desc bwdWeights = out.get(dnnl_primitive_desc.class);

        dnnl_memory_desc fSrcMd = OneDnn.query(fwd, dnnl.dnnl_query_src_md, 0);
        dnnl_memory_desc fWeightsMd = OneDnn.query(fwd, dnnl.dnnl_query_weights_md, 0);
        dnnl_memory_desc fBiasMd = OneDnn.query(fwd, dnnl.dnnl_query_weights_md, 1);
        dnnl_memory_desc fDstMd = OneDnn.query(fwd, dnnl.dnnl_query_dst_md, 0);
        dnnl_memory_desc dDiffDstMd = OneDnn.query(bwdData, dnnl.dnnl_query_diff_dst_md, 0);
        dnnl_memory_desc dWeightsMd = OneDnn.query(bwdData, dnnl.dnnl_query_weights_md, 0);
        dnnl_memory_desc dDiffSrcMd = OneDnn.query(bwdData, dnnl.dnnl_query_diff_src_md, 0);
        dnnl_memory_desc wSrcMd = OneDnn.query(bwdWeights, dnnl.dnnl_query_src_md, 0);
        dnnl_memory_desc wDiffDstMd = OneDnn.query(bwdWeights, dnnl.dnnl_query_diff_dst_md, 0);
        dnnl_memory_desc wDiffWeightsMd = OneDnn.query(bwdWeights, dnnl.dnnl_query_diff_weights_md, 0);
        dnnl_memory_desc wDiffBiasMd = OneDnn.query(bwdWeights, dnnl.dnnl_query_diff_weights_md, 1);
        // two buffers per kind of array, plain and chosen layout: no call needs two arrays of one kind at once
        FloatPointer x = new FloatPointer(OneDnn.floats(srcPlain));
        FloatPointer w = new FloatPointer(OneDnn.floats(weightsPlain));
        FloatPointer b = new FloatPointer(OneDnn.floats(biasPlain));
        FloatPointer y = new FloatPointer(OneDnn.floats(dstPlain));
        FloatPointer xc = chosenBuffer(StagedMemory.chosenFloats(srcPlain, fSrcMd, dDiffSrcMd, wSrcMd));
        FloatPointer wc = chosenBuffer(StagedMemory.chosenFloats(weightsPlain, fWeightsMd, dWeightsMd, wDiffWeightsMd));
        FloatPointer bc = chosenBuffer(StagedMemory.chosenFloats(biasPlain, fBiasMd, wDiffBiasMd));
        FloatPointer yc = chosenBuffer(StagedMemory.chosenFloats(dstPlain, fDstMd, dDiffDstMd, wDiffDstMd));
        fSrc = new StagedMemory(srcPlain, fSrcMd, x, xc, true);
        fWeights = new StagedMemory(weightsPlain, fWeightsMd, w, wc, true);
        fBias = new StagedMemory(biasPlain, fBiasMd, b, bc, true);
        fDst = new StagedMemory(dstPlain, fDstMd, y, yc, false);
        fArgs = OneDnn.args(dnnl.DNNL_ARG_SRC, fSrc.memory, dnnl.DNNL_ARG_WEIGHTS, fWeights.memory,
                dnnl.DNNL_ARG_BIAS, fBias.memory, dnnl.DNNL_ARG_DST, fDst.memory);
        dDiffDst = new StagedMemory(dstPlain, dDiffDstMd, y, yc, true);
        dWeights = new StagedMemory(weightsPlain, dWeightsMd, w, wc, true);
        dDiffSrc = new StagedMemory(srcPlain, dDiffSrcMd, x, xc, false);
        dArgs = OneDnn.args(dnnl.DNNL_ARG_DIFF_DST, dDiffDst.memory, dnnl.DNNL_ARG_WEIGHTS, dWeights.memory,
                dnnl.DNNL_ARG_DIFF_SRC, dDiffSrc.memory);
        wSrc = new StagedMemory(srcPlain, wSrcMd, x, xc, true);
        wDiffDst = new StagedMemory(dstPlain, wDiffDstMd, y, yc, true);
        wDiffWeights = new StagedMemory(weightsPlain, wDiffWeightsMd, w, wc, false);
        wDiffBias = new StagedMemory(biasPlain, wDiffBiasMd, b, bc, false);
        wArgs = OneDnn.args(dnnl.DNNL_ARG_SRC, wSrc.memory, dnnl.DNNL_ARG_DIFF_DST, wDiffDst.memory,
                dnnl.DNNL_ARG_DIFF_WEIGHTS, wDiffWeights.memory, dnnl.DNNL_ARG_DIFF_BIAS, wDiffBias.memory);
        this.forward = OneDnn.primitive(fwd);
        this.backwardData = OneDnn.primitive(bwdData);
        this.backwardWeights = OneDnn.primitive(bwdWeights);
        weightGradient = new float[wDiffWeights.size()];
        biasGradient = new float[wDiffBias.size()];
        implementations = OneDnn.implementation(fwd) + ", " + OneDnn.implementation(bwdData) + ", "
                + OneDnn.implementation(bwdWeights) + (fSrc.reorders() || fDst.reorders() ? ", reordered" : "");
    }

    private static FloatPointer chosenBuffer(long floats) {
        return floats == 0 ? null : new FloatPointer(floats);
    }

    ConvolutionShape shape() {
        return shape;
    }

    /** The implementations oneDNN picked (forward, backward-data, backward-weights), for measurements. */
    String implementations() {
        return implementations;
    }

    @Override
    public synchronized void forward(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] y,
            int yOff) {
        fSrc.load(x, xOff);
        fWeights.load(w, wOff);
        if (b == null) {
            fBias.loadZeros();
        } else {
            fBias.load(b, bOff);
        }
        OneDnn.execute(forward, fArgs, 4, "convolution forward");
        fDst.storeInto(y, yOff);
    }

    @Override
    public synchronized void backwardData(float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        dDiffDst.load(gy, gyOff);
        dWeights.load(w, wOff);
        OneDnn.execute(backwardData, dArgs, 3, "convolution backward-data");
        dDiffSrc.storeInto(gx, gxOff);
    }

    @Override
    public synchronized void backwardWeights(float[] x, int xOff, float[] gy, int gyOff, float betaW, float[] gw,
            int gwOff, float[] gb, int gbOff) {
        wSrc.load(x, xOff);
        wDiffDst.load(gy, gyOff);
        OneDnn.execute(backwardWeights, wArgs, 4, "convolution backward-weights");
        if (betaW == 0) {
            wDiffWeights.storeInto(gw, gwOff);
        } else {
            wDiffWeights.storeInto(weightGradient, 0);
            for (int i = 0; i < weightGradient.length; i++) {
                gw[gwOff + i] = betaW * gw[gwOff + i] + weightGradient[i];
            }
        }
        if (gb != null) {
            wDiffBias.storeInto(biasGradient, 0);
            for (int i = 0; i < biasGradient.length; i++) {
                gb[gbOff + i] += biasGradient[i];
            }
        }
    }
}
