package io.jdlt.extract;

/**
 * dlt's {@code [extract]} settings for parallelized resources.
 *
 * @param workers threads of the extract worker pool ({@code extract.workers}, default 5)
 * @param maxParallelItems items of parallelized transformers in flight at once ({@code extract.max_parallel_items},
 *        default 20); beyond it the parent's thread handles the next item itself, which also slows the parent down
 */
public record ExtractParallelism(int workers, int maxParallelItems) {

    public static final ExtractParallelism DEFAULTS = new ExtractParallelism(5, 20);

    public ExtractParallelism {
        if (workers < 1) {
            throw new IllegalArgumentException("extract workers must be at least 1, got " + workers);
        }
        if (maxParallelItems < 1) {
            throw new IllegalArgumentException("max parallel items must be at least 1, got " + maxParallelItems);
        }
    }
}
