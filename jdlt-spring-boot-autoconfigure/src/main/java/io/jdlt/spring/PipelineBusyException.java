package io.jdlt.spring;

/** A run was asked for while another run of the same pipeline holds its lock, here or in another instance. */
public class PipelineBusyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PipelineBusyException(String message) {
        super(message);
    }
}
