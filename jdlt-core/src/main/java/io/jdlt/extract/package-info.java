@NullMarked
package io.jdlt.extract;

import org.jspecify.annotations.NullMarked;
