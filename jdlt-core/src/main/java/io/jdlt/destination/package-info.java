@NullMarked
package io.jdlt.destination;

import org.jspecify.annotations.NullMarked;
