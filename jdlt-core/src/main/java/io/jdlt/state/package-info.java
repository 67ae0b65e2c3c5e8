@NullMarked
package io.jdlt.state;

import org.jspecify.annotations.NullMarked;
