package io.jdlt.extract;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@link JdltResource} methods make up a source (dlt's {@code @dlt.source}). Turn an instance
 * into a {@link Source} with {@link AnnotatedSource#of(Object)} (or {@code Jdlt.source(instance)}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JdltSource {

    /** The source name, which also names its schema; defaults to the class name in snake_case. */
    String value() default "";

    /**
     * dlt's source section: the source's values are looked up in {@code sources.<section>.<name>}, then
     * {@code sources.<section>}, {@code sources.<name>}; defaults to the source's name.
     */
    String section() default "";

    /** {@code max_table_nesting} of every table of the source; -1 for dlt's default. */
    int maxTableNesting() default -1;
}
