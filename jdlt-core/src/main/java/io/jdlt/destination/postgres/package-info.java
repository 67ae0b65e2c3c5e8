@NullMarked
package io.jdlt.destination.postgres;

import org.jspecify.annotations.NullMarked;
