@NullMarked
package io.jdlt;

import org.jspecify.annotations.NullMarked;
