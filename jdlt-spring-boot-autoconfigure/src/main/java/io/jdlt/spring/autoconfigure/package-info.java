@NullMarked
package io.jdlt.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
