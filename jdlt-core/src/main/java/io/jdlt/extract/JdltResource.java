package io.jdlt.extract;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link JdltSource} class as a resource (dlt's {@code @dlt.resource}). The method returns its
 * items (an Iterable, Stream, Iterator, array, page or single item) or emits them through an {@link Emitter}
 * parameter; it may also take the {@link ResourceContext} and, with {@link IncrementalCursor}, the bound
 * {@link Incremental}.
 * <pre>{@code
 * @JdltResource(primaryKey = "id", writeDisposition = "merge")
 * List<Map<String, Object>> pullRequests(@IncrementalCursor("updated_at") Incremental<String> updatedAt) { … }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JdltResource {

    /** The resource name; defaults to the method name. */
    String name() default "";

    /** The table name; defaults to the resource name. */
    String tableName() default "";

    /** {@code append}, {@code replace} or {@code merge}. */
    String writeDisposition() default "append";

    /** For merge: {@code delete-insert} (default), {@code upsert}, {@code insert-only} or {@code scd2}. */
    String mergeStrategy() default "";

    String[] primaryKey() default {};

    String[] mergeKey() default {};

    /** The hard-delete column, none if empty. */
    String hardDelete() default "";

    /** -1 for the source's setting. */
    int maxTableNesting() default -1;

    /** Commit a checkpoint every this many emits; 0 for never. */
    int checkpointEvery() default 0;
}
