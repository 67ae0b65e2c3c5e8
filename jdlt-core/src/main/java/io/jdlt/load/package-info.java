@NullMarked
package io.jdlt.load;

import org.jspecify.annotations.NullMarked;
