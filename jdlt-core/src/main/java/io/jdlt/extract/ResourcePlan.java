package io.jdlt.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one extraction runs: the source's resources, plus the parents of its transformers that the source does not
 * select (they run, as in dlt, but only feed their transformers), parents always before their transformers.
 */
final class ResourcePlan {

    /** A resource to run; a resource that is not selected only feeds its transformers and loads nothing. */
    record Step(Resource resource, boolean selected) {

        String name() {
            return resource.name();
        }
    }

    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, Resource> selected = new LinkedHashMap<>();

    private ResourcePlan(Source source) {
        for (Resource resource : source.resources()) {
            if (resource.isTransformer() && resource.parent() == null) {
                throw new ExtractException(resource.name(), "is a transformer without a parent: bind it with "
                        + "parent.pipe(transformer) or transformer.dataFrom(parent)");
            }
            selected.put(resource.name(), resource);
        }
        for (Resource resource : selected.values()) {
            add(resource);
        }
    }

    static ResourcePlan of(Source source) {
        return new ResourcePlan(source);
    }

    private void add(Resource resource) {
        if (steps.containsKey(resource.name())) {
            return;
        }
        Resource parent = resource.parent();
        if (parent != null) {
            // the source's own copy of the parent (with its hints) wins over the one the transformer was bound to
            add(selected.getOrDefault(parent.name(), parent));
        }
        steps.put(resource.name(), new Step(resource, selected.containsKey(resource.name())));
    }

    /** Every step, parents before their transformers. */
    List<Step> steps() {
        return List.copyOf(steps.values());
    }

    boolean hasParallelized() {
        return steps.values().stream().anyMatch(step -> step.resource().isParallelized());
    }
}
