package io.jdlt.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A parameter of a {@code @JdltResource} method that comes from configuration (dlt's {@code dlt.config.value}),
 * resolved from the source's sections before extraction.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ConfigValue {

    /** The key, e.g. {@code base_url}; defaults to the parameter's name in snake_case. */
    String value() default "";

    /** Used when no provider has the value; empty makes the value required. */
    String defaultValue() default "";
}
