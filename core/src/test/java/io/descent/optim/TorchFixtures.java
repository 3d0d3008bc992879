package io.descent.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** Reads the fixtures that core/src/test/python/make_optim_fixtures.py wrote with PyTorch 1.13. */
final class TorchFixtures {
    private TorchFixtures() {
    }

    static JsonNode trajectories() {
        try (InputStream in = new GZIPInputStream(resource("trajectories.json.gz"))) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode schedules() {
        try (InputStream in = resource("schedules.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = TorchFixtures.class.getResourceAsStream("/fixtures/optim/" + name);
        if (in == null) {
            throw new IllegalStateException("fixture " + name + " is missing; run core/src/test/python/make_optim_fixtures.py");
        }
        return in;
    }
}
