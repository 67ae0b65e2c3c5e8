package io.jdlt.format;

import java.io.ByteArrayOutputStream;

/** A byte buffer whose bytes are read where they are, without the copy {@code toByteArray} makes. */
public final class InPlaceBytes extends ByteArrayOutputStream {

    public InPlaceBytes(int size) {
        super(size);
    }

    /** The buffer itself: its first {@link #size()} bytes are the ones written. */
    public byte[] array() {
        return buf;
    }
}
