package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.io.ModelFile;
import io.descent.io.SafeTensors;
import io.descent.nn.Module;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The models {@code --load} names: a file that {@code descent train} saved (its architecture inside), or a
 * weights-only safetensors file with PyTorch's names (the {@code state_dict} of an {@code nn.Sequential}:
 * {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, ...) together with {@code --model SPEC} naming the
 * architecture, which then also overrides a saved one.
 */
final class SavedModels {
    private SavedModels() {
    }

    /** Whether the file records its architecture (read and validated, then dropped). */
    static boolean hasArchitecture(Path file) throws IOException {
        return SafeTensors.read(file).metadata().containsKey(ModelFile.ARCHITECTURE);
    }

    /** The model in a saved file; a weights-only file is refused with the advice to name --model. */
    static Module load(Path file) throws IOException {
        if (!hasArchitecture(file)) {
            throw new InvalidInputException(file.toString(), "", "holds weights alone (no architecture); name it with "
                    + "--model SPEC, e.g. --model 'mlp(64)' for PyTorch's nn.Sequential(Linear, ReLU, Linear)");
        }
        return ModelFile.load(file);
    }

    /** The weights of {@code file} in the model {@code spec} describes for this data. */
    static Module load(Path file, String spec, int[] inputShape, int outputs) throws IOException {
        Module model = ModelSpecs.build(spec, inputShape, outputs, 0);
        ModelFile.loadInto(model, file);
        return model;
    }
}
