package io.descent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each workload's FLOPs per sample against a count by hand from its layer shapes (multiply-add = 2). */
class WorkloadFlopsTest {
    @Test
    void logisticRegressionIsOneLayerTrained() {
        // 784 x 10 multiply-adds forward; backward twice that.
        assertThat(Workload.LOGREG.flopsPerSample).isEqualTo(3L * 2 * 7_840);
    }

    @Test
    void theMlpsAreTheirThreeLayersTrainedAboutElevenMegaflops() {
        long forward = 2L * (784_000 + 1_000_000 + 10_000);   // 3,588,000
        assertThat(Workload.MLP.flopsPerSample).isEqualTo(10_764_000L).isEqualTo(3 * forward);
        assertThat(Workload.MLP_BN.flopsPerSample).isEqualTo(Workload.MLP.flopsPerSample);
        assertThat(Workload.INFERENCE.flopsPerSample).as("inference is the forward pass alone").isEqualTo(forward);
    }

    @Test
    void theCnnIsItsTwoConvolutionsAndTwoLayersTrained() {
        long conv1 = 28 * 28 * 32 * (1 * 5 * 5) * 2L;      //  1,254,400: each output pixel and channel, 25 taps
        long conv2 = 14 * 14 * 64 * (32 * 5 * 5) * 2L;     // 20,070,400: after the first 2x2 pooling
        long fc1 = 3136 * 256 * 2L;                        //  1,605,632: 64 x 7 x 7 after the second pooling
        long fc2 = 256 * 10 * 2L;
        assertThat(conv1 + conv2 + fc1 + fc2).isEqualTo(22_935_552L);
        assertThat(Workload.CNN.flopsPerSample).isEqualTo(3 * 22_935_552L);
    }

    @Test
    void gflopsAreSamplesPerSecondTimesFlops() {
        assertThat(Workload.MLP.gflops(1000)).isEqualTo(10.764);
    }
}
