package io.jdlt.storage;

import io.jdlt.JdltException;
import io.jdlt.TerminalException;
import io.jdlt.TransientException;

/** Which I/O failures may pass by themselves, and the error a failure of jdlt's own working dir becomes. */
public final class IoErrors {

    // what the OS says when space, quota or file handles run out: freed by others or by an operator, not by new input
    private static final java.util.List<String> RESOURCE_SHORTAGES = java.util.List.of("No space left on device",
            "Disk quota exceeded", "Too many open files");

    private IoErrors() {
    }

    /**
     * Whether the failure (or one of its causes) may pass when the same work runs again: a transient jdlt error, a
     * dropped or refused connection, a timeout, a full disk. A missing, misplaced or forbidden path, a terminal error
     * or anything else is not.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientException) {
                return true;
            }
            if (cause instanceof TerminalException) {
                return false;
            }
            if (cause instanceof java.net.SocketException || cause instanceof java.io.InterruptedIOException
                    || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.net.http.HttpTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && RESOURCE_SHORTAGES.stream().anyMatch(message::contains)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * A failure to read or write jdlt's own working dir (job files, loader files, package files), as transient: the
     * input is fine, the machine is not (a full disk, a folder removed or made unwritable under a running
     * pipeline); the package stays where it is and the next run takes it up again. A jdlt error passes unchanged.
     *
     * @param what what was being done, with the package or file, e.g. {@code "writing job file x of package y"}
     */
    public static JdltException workingDirFailure(String what, Throwable failure) {
        if (failure instanceof JdltException jdlt) {
            return jdlt;
        }
        return new TransientException("I/O error " + what + ": " + causes(failure) + ". Check the free space and "
                + "permissions of the pipeline's working dir; the package is kept and the next run takes it up again.",
                failure);
    }

    /** The distinct messages of the failure and its causes, outermost first: the file and the OS's reason. */
    private static String causes(Throwable failure) {
        java.util.List<String> messages = new java.util.ArrayList<>();
        for (Throwable cause = failure; cause != null && messages.size() < 5; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (messages.stream().noneMatch(known -> known.contains(message))) {
                messages.add(message);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return String.join(": ", messages);
    }
}
