package io.jdlt.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a value that comes from configuration as a secret (dlt's {@code dlt.secrets.value}): on a parameter of a
 * {@code @JdltResource} method it is resolved from the source's sections before extraction; on a record component
 * bound by {@link ConfigSection#bind} it must come from a provider that holds secrets. Either way it is masked when
 * shown.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Secret {

    /** The key, e.g. {@code token}; defaults to the parameter's or component's name in snake_case. */
    String value() default "";
}
