@NullMarked
package io.jdlt.storage;

import org.jspecify.annotations.NullMarked;
