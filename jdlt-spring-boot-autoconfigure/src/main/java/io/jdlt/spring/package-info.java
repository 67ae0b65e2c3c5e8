/**
 * What an application uses of the starter: {@link io.jdlt.spring.ManagedPipelines} (the pipelines it made from
 * beans and {@code jdlt.*} properties, to run by name), {@link io.jdlt.spring.JdltPipelines} (builders preset with
 * the application's settings), and the callbacks {@link io.jdlt.spring.JdltPipelineCustomizer} and
 * {@link io.jdlt.spring.JdltRunListener}.
 */
@NullMarked
package io.jdlt.spring;

import org.jspecify.annotations.NullMarked;
