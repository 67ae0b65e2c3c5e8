/** Actuator's view of the pipelines: the {@code jdlt} endpoint, the health contributor and the meters. */
@NullMarked
package io.jdlt.spring.actuate;

import org.jspecify.annotations.NullMarked;
