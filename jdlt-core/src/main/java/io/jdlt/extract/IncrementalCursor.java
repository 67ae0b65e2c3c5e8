package io.jdlt.extract;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@link JdltResource} method parameter of type {@link Incremental} its cursor: the method receives the
 * cursor bound to the run, and reads {@code lastValue()} to ask its source only for what is new.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface IncrementalCursor {

    /** The cursor path in the raw item: a field, a dotted path or a simple JSONPath. */
    String value();

    /** The initial value; a whole number is read as a number, anything else as text. Empty for none. */
    String initialValue() default "";

    /** The end value (makes the cursor a stateless range); empty for none. */
    String endValue() default "";

    /** {@code max} (default) or {@code min}. */
    String lastValueFunc() default "max";

    /** {@code RAISE}, {@code INCLUDE} or {@code EXCLUDE}. */
    Incremental.OnCursorValueMissing onCursorValueMissing() default Incremental.OnCursorValueMissing.RAISE;

    /** Fields identifying items on the boundary; empty for the resource's primary key (or the whole item). */
    String[] primaryKey() default {};

    /** Disables boundary deduplication (dlt's {@code primary_key=()}). */
    boolean noDeduplication() default false;

    /** {@code ASC} or {@code DESC} when the source is sorted; empty for unknown. */
    String rowOrder() default "";

    /** The lag in seconds (days for date cursors, units for numbers); 0 for none. */
    double lag() default 0;

    Incremental.Boundary rangeStart() default Incremental.Boundary.CLOSED;

    Incremental.Boundary rangeEnd() default Incremental.Boundary.OPEN;

    int maxBoundaryHashes() default Incremental.DEFAULT_MAX_BOUNDARY_HASHES;
}
