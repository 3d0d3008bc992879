package io.descent.loss;

import static io.descent.nn.Fixtures.assertClose;
import static io.descent.nn.Fixtures.tensor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.descent.nn.Fixtures;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Each loss and reduction gives PyTorch's value and gradient to 1e-5 in float32: MSELoss, SoftMarginLoss
 * (labels -1/+1), BCEWithLogitsLoss (labels 0/1), relu(1 - y s) for the hinge, and CrossEntropyLoss.
 */
class LossParityTest {

    private static Loss loss(JsonNode c) {
        Reduction r = Reduction.valueOf(c.get("reduction").textValue().toUpperCase());
        return switch (c.get("loss").textValue()) {
            case "square" -> new SquareLoss(r);
            case "log" -> new LogLoss(Labels.valueOf(c.get("labels").textValue()), r);
            case "hinge" -> new HingeLoss(Labels.valueOf(c.get("labels").textValue()), r);
            case "cross_entropy" -> new CrossEntropyLoss(r);
            default -> throw new IllegalArgumentException(c.get("loss").textValue());
        };
    }

    @Test
    void everyLossAndReductionMatchesPyTorch() {
        int n = 0;
        for (JsonNode c : Fixtures.load("losses.json").get("cases")) {
            String what = c.get("loss").textValue() + " " + c.get("reduction").textValue()
                    + (c.has("labels") ? " " + c.get("labels").textValue() : "");
            Tensor out = tensor(c.get("output")).requiresGrad(true);
            Tensor value = loss(c).apply(out, tensor(c.get("target")));
            assertThat(value.shape().rank()).isZero();
            assertClose(what + " value", new double[] {value.item()}, new double[] {c.get("value").doubleValue()});
            value.backward();
            assertClose(what + " gradient", out.grad(), c.get("doutput"));
            n++;
        }
        assertThat(n).isEqualTo(10);
    }
}
