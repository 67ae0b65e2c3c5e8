package io.jdlt.extract;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link JdltSource} class as a transformer (dlt's {@code @dlt.transformer(data_from=…)}): it is
 * called once per item or page the resource named in {@link #dataFrom} emits, with that item or page as its first
 * parameter, and what it returns (or emits) goes to its own table.
 * <pre>{@code
 * @JdltTransformer(dataFrom = "repos", primaryKey = "login")
 * List<Map<String, Object>> contributors(Map<String, Object> repo) { … }
 * }</pre>
 * Further parameters may be a {@link ResourceContext}, an {@link Emitter}, and values marked
 * {@link io.jdlt.config.Secret} or {@link io.jdlt.config.ConfigValue}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JdltTransformer {

    /** The resource (or transformer) of the same class whose items feed this one. */
    String dataFrom();

    /** The transformer name, which also names its table; defaults to the method name. */
    String name() default "";

    String tableName() default "";

    /** append, replace or merge. */
    String writeDisposition() default "append";

    String[] primaryKey() default {};

    /** Handle several parent items at once on the extract worker pool (dlt's {@code parallelized=True}). */
    boolean parallelized() default false;
}
