package io.jdlt.extract;

import java.util.Map;

import io.jdlt.config.ConfigSection;
import org.jspecify.annotations.Nullable;

/**
 * What a resource function knows about, and may change in, the run it is part of: its state, its incremental
 * cursor, and checkpoints.
 */
public final class ResourceContext {

    private final String resourceName;
    private final String tableName;
    private final String sourceName;
    private final Map<String, Object> state;
    private final Map<String, Object> sourceState;
    private final @Nullable Incremental<?> incremental;
    private final Runnable checkpoint;
    private final SourceConfig config;
    private String loadId;

    ResourceContext(String resourceName, String tableName, String sourceName, String loadId, Map<String, Object> state,
            Map<String, Object> sourceState, @Nullable Incremental<?> incremental, Runnable checkpoint,
            SourceConfig config) {
        this.config = config;
        this.resourceName = resourceName;
        this.tableName = tableName;
        this.sourceName = sourceName;
        this.loadId = loadId;
        this.state = state;
        this.sourceState = sourceState;
        this.incremental = incremental;
        this.checkpoint = checkpoint;
    }

    public String resourceName() {
        return resourceName;
    }

    /** The normalized name of the table the resource's rows go to. */
    public String tableName() {
        return tableName;
    }

    public String sourceName() {
        return sourceName;
    }

    /** The id of the load package items go into now (a checkpoint starts a new one). */
    public String loadId() {
        return loadId;
    }

    void loadId(String current) {
        this.loadId = current;
    }

    /**
     * The resource's own state: a JSON-serializable map kept across runs (dlt's {@code resource_state()}). Changes
     * are saved with the items of the same run, never without them.
     */
    public Map<String, Object> state() {
        return state;
    }

    /** The state shared by the resources of the source ({@code sources.<source>} of the pipeline state). */
    public Map<String, Object> sourceState() {
        return sourceState;
    }

    /** The resource's incremental cursor, bound to this run. */
    public Incremental<?> incremental() {
        if (incremental == null) {
            throw new IllegalStateException("resource '" + resourceName + "' has no incremental cursor; give it one "
                    + "with Resource.builder(name).incremental(Incremental.on(\"field\"))");
        }
        return incremental;
    }

    public boolean hasIncremental() {
        return incremental != null;
    }

    /**
     * The configuration as this resource sees it: {@code sources.<section>.<resource>.<key>}, then
     * {@code sources.<section>.<key>}, {@code sources.<resource>.<key>}, {@code sources.<key>} and {@code <key>},
     * each first under the pipeline's name.
     */
    public ConfigSection config() {
        return config.resourceSection(resourceName);
    }

    /**
     * A secret the source declared ({@link Source#config}), resolved before extraction; any other name is looked up
     * in {@link #config()} and must be there.
     */
    public String secret(String name) {
        return config.value(resourceName, name, true).asString();
    }

    /** A value the source declared, resolved before extraction; any other name must be in {@link #config()}. */
    public String configValue(String name) {
        return config.value(resourceName, name, false).asString();
    }

    /** A declared value (or one looked up in {@link #config()}) as the given type: text, a number, a boolean, … */
    public <T> T configValue(String name, Class<T> type) {
        @SuppressWarnings("unchecked")
        T value = (T) config.value(resourceName, name, false).as(type);
        return value;
    }

    /**
     * Commits what the resource emitted so far, with its state and cursor, as a load package of its own: if the run
     * dies later, the next run loads that package and the resource resumes from this point (its state says where).
     */
    public void checkpoint() {
        checkpoint.run();
    }
}
