@NullMarked
package io.jdlt.destination.filesystem;

import org.jspecify.annotations.NullMarked;
