package io.descent.dnnl;

import io.descent.tensor.Backend;
import io.descent.tensor.Backend.ConvolutionShape;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A CNN's block, conv -> ReLU -> 2 x 2 max pooling of stride 2, as oneDNN primitives that hand each other
 * oneDNN's blocked layout (nChw16c on AVX-512): the convolution with the ReLU as its post-op, max pooling that
 * records in a workspace which element of each window won, and, backward, pooling's backward, the ReLU's
 * backward on the rectified output (dx = dy where y &gt; 0, else 0, as Descent's and PyTorch's ReLU), and the
 * convolution's backward-weights and backward-data on that gradient.
 *
 * <p>Only the pooled output (a quarter of the convolution's) and its gradient cross between Java arrays and
 * native memory, with one reorder each; the convolution's output, the ReLU and the pooling never do. Run as
 * three layers, the convolution's output is reordered and copied out, rectified and pooled in Java, and its
 * gradient scattered in Java and copied and reordered back in: at the bench CNN's two layers (batch 128),
 * 12.8 and 6.4 MB each way per step.
 *
 * <p>The forward pass leaves in native memory what the backward pass reads: the input in the convolution's
 * layout, the weights in it, the rectified output, and the pooling workspace. {@link #forward} returns a
 * number naming that state; a backward pass given another number (a later forward pass of this shape ran in
 * between: two batches forward before their backward passes, another model of the same shapes) first runs the
 * forward pass again from its x, w and b, so any order of calls gives the same gradients. Calls are serialized
 * (synchronized), as {@link DnnlConvolution}'s.
 */
final class DnnlConvolutionReluPool implements Backend.ConvolutionReluPool {
    private final ConvolutionShape shape;
    private final int pooledFloats;
    private final dnnl_primitive convForward;
    private final dnnl_primitive poolForward;
    private final dnnl_primitive poolBackward;
    private final dnnl_primitive reluBackward;
    private final dnnl_primitive convBackwardData;
    private final dnnl_primitive convBackwardWeights;
    private final StagedMemory src;
    private final StagedMemory weights;
    private final StagedMemory bias;
    private final StagedMemory pooled;
    private final StagedMemory pooledGradient;
    private final StagedMemory dataWeights;
    private final StagedMemory srcGradient;
    private final StagedMemory weightsGradient;
    private final StagedMemory biasGradient;
    private final dnnl_exec_arg_t convForwardArgs;
    private final dnnl_exec_arg_t poolForwardArgs;
    private final dnnl_exec_arg_t poolBackwardArgs;
    private final dnnl_exec_arg_t reluBackwardArgs;
    private final dnnl_exec_arg_t convBackwardDataArgs;
    private final dnnl_exec_arg_t convBackwardWeightsArgs;
    /**
     * The native buffers no StagedMemory holds: fields, so that they live as long as this (JavaCPP frees a
     * Pointer's memory once the Pointer is garbage).
     */
    private final FloatPointer rectifiedData;
    private final FloatPointer rectifiedGradientData;
    private final FloatPointer workspaceData;
    /** dW and db as oneDNN wrote them, where they are added to what the caller's arrays held. */
    private final float[] weightSums;
    private final float[] biasSums;
    private final float[] scratchPooled;
    private final String implementations;
    /** The number of the forward pass whose state the native buffers hold (0: none yet). */
    private long current;

    /** @throws IllegalStateException where oneDNN has no primitive for a part, or the parts' layouts disagree */
    DnnlConvolutionReluPool(ConvolutionShape s) {
        if (s.outHeight() % 2 != 0 || s.outWidth() % 2 != 0) {
            throw new IllegalArgumentException("the convolution's output must have an even height and width: " + s);
        }
        this.shape = s;
        long[] srcDims = {s.n(), s.c(), s.h(), s.w()};
        long[] weightDims = {s.o(), s.c(), s.kernel(), s.kernel()};
        long[] biasDims = {s.o()};
        long[] convDims = {s.n(), s.o(), s.outHeight(), s.outWidth()};
        long[] pooledDims = {s.n(), s.o(), s.outHeight() / 2, s.outWidth() / 2};
        long[] strides = {s.stride(), s.stride()};
        long[] noDilation = {0, 0};
        long[] padLeft = {s.padding(), s.padding()};
        long[] padRight = {(s.outHeight() - 1L) * s.stride() + s.kernel() - s.h() - s.padding(),
            (s.outWidth() - 1L) * s.stride() + s.kernel() - s.w() - s.padding()};
        long[] two = {2, 2};
        long[] none = {0, 0};
        int any = dnnl.dnnl_format_tag_any;
        dnnl_memory_desc srcPlain = OneDnn.desc(dnnl.dnnl_nchw, srcDims);
        dnnl_memory_desc weightsPlain = OneDnn.desc(dnnl.dnnl_oihw, weightDims);
        dnnl_memory_desc biasPlain = OneDnn.desc(dnnl.dnnl_x, biasDims);
        dnnl_memory_desc pooledPlain = OneDnn.desc(dnnl.dnnl_nchw, pooledDims);
        String what = " for " + s;

        PointerPointer<dnnl_primitive_desc> out = new PointerPointer<>(1L);
        OneDnn.check(dnnl.dnnl_convolution_forward_primitive_desc_create(out, OneDnn.engine(),
                dnnl.dnnl_forward_training, dnnl.dnnl_convolution_direct, OneDnn.desc(any, srcDims),
                OneDnn.desc(any, weightDims), biasPlain, OneDnn.desc(any, convDims), strides, noDilation, padLeft,
                padRight, reluPostOp()), "dnnl_convolution_forward_primitive_desc_create (with ReLU)" + what);
        dnnl_primitive_desc convFwd = out.get(dnnl_primitive_desc.class);
        dnnl_memory_desc srcMd = OneDnn.query(convFwd, dnnl.dnnl_query_src_md, 0);
        dnnl_memory_desc weightsMd = OneDnn.query(convFwd, dnnl.dnnl_query_weights_md, 0);
        dnnl_memory_desc biasMd = OneDnn.query(convFwd, dnnl.dnnl_query_weights_md, 1);
        dnnl_memory_desc convMd = OneDnn.query(convFwd, dnnl.dnnl_query_dst_md, 0);

        OneDnn.check(dnnl.dnnl_pooling_forward_primitive_desc_create(out, OneDnn.engine(), dnnl.dnnl_forward_training,
                dnnl.dnnl_pooling_max, convMd, OneDnn.desc(any, pooledDims), two, two, none, none, none, null),
                "dnnl_pooling_forward_primitive_desc_create" + what);
        dnnl_primitive_desc poolFwd = out.get(dnnl_primitive_desc.class);
        dnnl_memory_desc pooledMd = OneDnn.query(poolFwd, dnnl.dnnl_query_dst_md, 0);
        dnnl_memory_desc workspaceMd = OneDnn.query(poolFwd, dnnl.dnnl_query_workspace_md, 0);
        OneDnn.check(dnnl.dnnl_pooling_backward_primitive_desc_create(out, OneDnn.engine(), dnnl.dnnl_pooling_max,
                convMd, pooledMd, two, two, none, none, none, poolFwd, null),
                "dnnl_pooling_backward_primitive_desc_create" + what);
        dnnl_primitive_desc poolBwd = out.get(dnnl_primitive_desc.class);

        // the ReLU's backward needs a forward descriptor as its hint; the forward itself runs as the post-op
        OneDnn.check(dnnl.dnnl_eltwise_forward_primitive_desc_create(out, OneDnn.engine(), dnnl.dnnl_forward_training,
                dnnl.dnnl_eltwise_relu_use_dst_for_bwd, convMd, convMd, 0f, 0f, null),
                "dnnl_eltwise_forward_primitive_desc_create" + what);
        dnnl_primitive_desc reluFwd = out.get(dnnl_primitive_desc.class);
        OneDnn.check(dnnl.dnnl_eltwise_backward_primitive_desc_create(out, OneDnn.engine(),
                dnnl.dnnl_eltwise_relu_use_dst_for_bwd, convMd, convMd, convMd, 0f, 0f, reluFwd, null),
                "dnnl_eltwise_backward_primitive_desc_create" + what);
        dnnl_primitive_desc reluBwd = out.get(dnnl_primitive_desc.class);

        OneDnn.check(dnnl.dnnl_convolution_backward_data_primitive_desc_create(out, OneDnn.engine(),
                dnnl.dnnl_convolution_direct, OneDnn.desc(any, srcDims), OneDnn.desc(any, weightDims), convMd,
                strides, noDilation, padLeft, padRight, convFwd, null),
                "dnnl_convolution_backward_data_primitive_desc_create" + what);
        dnnl_primitive_desc convBwdData = out.get(dnnl_primitive_desc.class);
        OneDnn.check(dnnl.dnnl_convolution_backward_weights_primitive_desc_create(out, OneDnn.engine(),
                dnnl.dnnl_convolution_direct, srcMd, OneDnn.desc(any, weightDims), biasPlain, convMd, strides,
                noDilation, padLeft, padRight, convFwd, null),
                "dnnl_convolution_backward_weights_primitive_desc_create" + what);
        dnnl_primitive_desc convBwdWeights = out.get(dnnl_primitive_desc.class);

        // every part must read the others' layouts as they are, else a reorder between them would be needed
        requireSame(convMd, OneDnn.query(poolBwd, dnnl.dnnl_query_diff_src_md, 0), "pooling's gradient", s);
        requireSame(convMd, OneDnn.query(reluBwd, dnnl.dnnl_query_diff_dst_md, 0), "the ReLU's gradient", s);
        requireSame(convMd, OneDnn.query(convBwdData, dnnl.dnnl_query_diff_dst_md, 0), "backward-data's input", s);
        requireSame(convMd, OneDnn.query(convBwdWeights, dnnl.dnnl_query_diff_dst_md, 0), "backward-weights' input", s);
        requireSame(srcMd, OneDnn.query(convBwdWeights, dnnl.dnnl_query_src_md, 0), "backward-weights' source", s);

        dnnl_memory_desc dataWeightsMd = OneDnn.query(convBwdData, dnnl.dnnl_query_weights_md, 0);
        dnnl_memory_desc srcGradientMd = OneDnn.query(convBwdData, dnnl.dnnl_query_diff_src_md, 0);
        dnnl_memory_desc weightsGradientMd = OneDnn.query(convBwdWeights, dnnl.dnnl_query_diff_weights_md, 0);
        dnnl_memory_desc biasGradientMd = OneDnn.query(convBwdWeights, dnnl.dnnl_query_diff_weights_md, 1);
        dnnl_memory_desc pooledGradientMd = OneDnn.query(poolBwd, dnnl.dnnl_query_diff_dst_md, 0);

        // The forward state (input, weights, rectified output, workspace) has buffers of its own; the pooled
        // output and its gradient share theirs (the output is copied out before any gradient comes in).
        FloatPointer w = new FloatPointer(OneDnn.floats(weightsPlain));
        FloatPointer p = new FloatPointer(OneDnn.floats(pooledPlain));
        FloatPointer pc = buffer(StagedMemory.chosenFloats(pooledPlain, pooledMd, pooledGradientMd));
        src = new StagedMemory(srcPlain, srcMd, new FloatPointer(OneDnn.floats(srcPlain)),
                buffer(StagedMemory.chosenFloats(srcPlain, srcMd)), true);
        weights = new StagedMemory(weightsPlain, weightsMd, w, buffer(StagedMemory.chosenFloats(weightsPlain, weightsMd)),
                true);
        bias = new StagedMemory(biasPlain, biasMd, new FloatPointer(OneDnn.floats(biasPlain)),
                buffer(StagedMemory.chosenFloats(biasPlain, biasMd)), true);
        pooled = new StagedMemory(pooledPlain, pooledMd, p, pc, false);
        pooledGradient = new StagedMemory(pooledPlain, pooledGradientMd, p, pc, true);
        // backward-data reads the weights in its own layout: the forward's memory where they agree, else a
        // reorder from the plain copy the forward pass loaded
        dataWeights = OneDnn.same(weightsMd, dataWeightsMd) ? null : new StagedMemory(weightsPlain, dataWeightsMd, w,
                buffer(OneDnn.floats(dataWeightsMd)), true);
        srcGradient = new StagedMemory(srcPlain, srcGradientMd, new FloatPointer(OneDnn.floats(srcPlain)),
                buffer(StagedMemory.chosenFloats(srcPlain, srcGradientMd)), false);
        weightsGradient = new StagedMemory(weightsPlain, weightsGradientMd, new FloatPointer(OneDnn.floats(weightsPlain)),
                buffer(StagedMemory.chosenFloats(weightsPlain, weightsGradientMd)), false);
        biasGradient = new StagedMemory(biasPlain, biasGradientMd, new FloatPointer(OneDnn.floats(biasPlain)),
                buffer(StagedMemory.chosenFloats(biasPlain, biasGradientMd)), false);
        rectifiedData = new FloatPointer(OneDnn.floats(convMd));
        rectifiedGradientData = new FloatPointer(OneDnn.floats(convMd));
        workspaceData = new FloatPointer((dnnl.dnnl_memory_desc_get_size(workspaceMd) + Float.BYTES - 1) / Float.BYTES);
        dnnl_memory rectified = OneDnn.memory(convMd, rectifiedData);
        dnnl_memory rectifiedGradient = OneDnn.memory(convMd, rectifiedGradientData);
        dnnl_memory workspace = OneDnn.memory(workspaceMd, workspaceData);

        convForwardArgs = OneDnn.args(dnnl.DNNL_ARG_SRC, src.memory, dnnl.DNNL_ARG_WEIGHTS, weights.memory,
                dnnl.DNNL_ARG_BIAS, bias.memory, dnnl.DNNL_ARG_DST, rectified);
        poolForwardArgs = OneDnn.args(dnnl.DNNL_ARG_SRC, rectified, dnnl.DNNL_ARG_DST, pooled.memory,
                dnnl.DNNL_ARG_WORKSPACE, workspace);
        poolBackwardArgs = OneDnn.args(dnnl.DNNL_ARG_DIFF_DST, pooledGradient.memory, dnnl.DNNL_ARG_WORKSPACE,
                workspace, dnnl.DNNL_ARG_DIFF_SRC, rectifiedGradient);
        // in place: the ReLU's gradient overwrites pooling's
        reluBackwardArgs = OneDnn.args(dnnl.DNNL_ARG_DST, rectified, dnnl.DNNL_ARG_DIFF_DST, rectifiedGradient,
                dnnl.DNNL_ARG_DIFF_SRC, rectifiedGradient);
        convBackwardDataArgs = OneDnn.args(dnnl.DNNL_ARG_DIFF_DST, rectifiedGradient, dnnl.DNNL_ARG_WEIGHTS,
                dataWeights == null ? weights.memory : dataWeights.memory, dnnl.DNNL_ARG_DIFF_SRC, srcGradient.memory);
        convBackwardWeightsArgs = OneDnn.args(dnnl.DNNL_ARG_SRC, src.memory, dnnl.DNNL_ARG_DIFF_DST, rectifiedGradient,
                dnnl.DNNL_ARG_DIFF_WEIGHTS, weightsGradient.memory, dnnl.DNNL_ARG_DIFF_BIAS, biasGradient.memory);
        convForward = OneDnn.primitive(convFwd);
        poolForward = OneDnn.primitive(poolFwd);
        poolBackward = OneDnn.primitive(poolBwd);
        reluBackward = OneDnn.primitive(reluBwd);
        convBackwardData = OneDnn.primitive(convBwdData);
        convBackwardWeights = OneDnn.primitive(convBwdWeights);
        pooledFloats = (int) OneDnn.floats(pooledPlain);
        weightSums = new float[weightsGradient.size()];
        biasSums = new float[biasGradient.size()];
        scratchPooled = new float[pooledFloats];
        implementations = OneDnn.implementation(convFwd) + " + relu, " + OneDnn.implementation(poolFwd) + ", "
                + OneDnn.implementation(poolBwd) + ", " + OneDnn.implementation(reluBwd) + ", "
                + OneDnn.implementation(convBwdData) + ", " + OneDnn.implementation(convBwdWeights);
    }

    /** The attribute that runs y = max(y, 0) on the convolution's output as it is written. */
    private static dnnl_primitive_attr reluPostOp() {
        PointerPointer<dnnl_post_ops> ops = new PointerPointer<>(1L);
        OneDnn.check(dnnl.dnnl_post_ops_create(ops), "dnnl_post_ops_create");
        dnnl_post_ops postOps = ops.get(dnnl_post_ops.class);
        OneDnn.check(dnnl.dnnl_post_ops_append_eltwise(postOps, dnnl.dnnl_eltwise_relu, 0f, 0f),
                "dnnl_post_ops_append_eltwise");
        PointerPointer<dnnl_primitive_attr> attrs = new PointerPointer<>(1L);
        OneDnn.check(dnnl.dnnl_primitive_attr_create(attrs), "dnnl_primitive_attr_create");
        dnnl_primitive_attr attr = attrs.get(dnnl_primitive_attr.class);
        OneDnn.check(dnnl.dnnl_primitive_attr_set_post_ops(attr, postOps), "dnnl_primitive_attr_set_post_ops");
        return attr;
    }

    private static void requireSame(dnnl_memory_desc expected, dnnl_memory_desc actual, String what,
            ConvolutionShape s) {
        if (!OneDnn.same(expected, actual)) {
            throw new IllegalStateException("oneDNN chose another layout for " + what + " than the convolution's "
                    + "output for " + s);
        }
    }

    private static FloatPointer buffer(long floats) {
        return floats == 0 ? null : new FloatPointer(floats);
    }

    ConvolutionShape shape() {
        return shape;
    }

    /** The implementations oneDNN picked for the six primitives, for measurements. */
    String implementations() {
        return implementations;
    }

    @Override
    public synchronized long forward(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] p,
            int pOff) {
        run(x, xOff, w, wOff, b, bOff);
        pooled.storeInto(p, pOff);
        return current;
    }

    /** The convolution with its ReLU and the pooling, into the native state; a new state number. */
    private void run(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff) {
        src.load(x, xOff);
        weights.load(w, wOff);
        if (b == null) {
            bias.loadZeros();
        } else {
            bias.load(b, bOff);
        }
        OneDnn.execute(convForward, convForwardArgs, 4, "convolution forward with ReLU");
        OneDnn.execute(poolForward, poolForwardArgs, 3, "max pooling forward");
        current++;
    }

    @Override
    public synchronized void backward(long state, float[] gp, int gpOff, float[] x, int xOff, float[] w, int wOff,
            float[] b, int bOff, float[] gx, int gxOff, float betaW, float[] gw, int gwOff, float[] gb, int gbOff) {
        if (state != current) {     // another forward pass of this shape ran since: its state is gone
            run(x, xOff, w, wOff, b, bOff);
            pooled.storeInto(scratchPooled, 0);
            state = current;
        }
        pooledGradient.load(gp, gpOff);
        OneDnn.execute(poolBackward, poolBackwardArgs, 3, "max pooling backward");
        OneDnn.execute(reluBackward, reluBackwardArgs, 3, "ReLU backward");
        if (gw != null || gb != null) {
            OneDnn.execute(convBackwardWeights, convBackwardWeightsArgs, 4, "convolution backward-weights");
            if (gw != null && betaW == 0) {
                weightsGradient.storeInto(gw, gwOff);
            } else if (gw != null) {
                weightsGradient.storeInto(weightSums, 0);
                for (int i = 0; i < weightSums.length; i++) {
                    gw[gwOff + i] = betaW * gw[gwOff + i] + weightSums[i];
                }
            }
            if (gb != null) {
                biasGradient.storeInto(biasSums, 0);
                for (int i = 0; i < biasSums.length; i++) {
                    gb[gbOff + i] += biasSums[i];
                }
            }
        }
        if (gx != null) {
            if (dataWeights != null) {
                dataWeights.reorderOnly();
            }
            OneDnn.execute(convBackwardData, convBackwardDataArgs, 3, "convolution backward-data");
            srcGradient.storeInto(gx, gxOff);
        }
    }

    /** Floats of the pooled output, p's length from its offset. */
    int pooledFloats() {
        return pooledFloats;
    }
}
