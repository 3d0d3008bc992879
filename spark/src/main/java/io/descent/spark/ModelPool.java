package io.descent.spark;

import io.descent.nn.Module;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Models kept by an executor between steps, so that a step does not rebuild (and randomly initialize) the
 * model it is about to overwrite with the broadcast weights. One model per concurrently running task and
 * blueprint; a borrowed model is used by one task at a time. Bounded: when more than {@value #MAX_BLUEPRINTS}
 * architectures have been seen in this JVM, the pool is emptied.
 */
final class ModelPool {
    static final int MAX_BLUEPRINTS = 8;
    private static final Map<ModelBlueprint, Queue<Module>> POOL = new ConcurrentHashMap<>();

    private ModelPool() {
    }

    /** A model of the blueprint, with arbitrary weights: the caller loads its own. */
    static Module borrow(ModelBlueprint blueprint) {
        Queue<Module> q = POOL.get(blueprint);
        Module m = q == null ? null : q.poll();
        return m != null ? m : blueprint.build();
    }

    /** Gives a model back once its task is done with it. */
    static void give(ModelBlueprint blueprint, Module model) {
        if (POOL.size() >= MAX_BLUEPRINTS && !POOL.containsKey(blueprint)) {
            POOL.clear();
        }
        POOL.computeIfAbsent(blueprint, b -> new ConcurrentLinkedQueue<>()).offer(model);
    }
}
