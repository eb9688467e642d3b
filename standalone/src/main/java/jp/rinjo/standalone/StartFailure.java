package jp.rinjo.standalone;

/**
 * Something on this machine is in the way of a start (a port taken, the data folder held by another
 * process): what the operator is told, in one line, instead of a stack trace.
 */
final class StartFailure extends RuntimeException {
    StartFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code e} itself, or a StartFailure naming the port when {@code e} says it is taken.
     *
     * @param port       e.g. "TCP port 8443 (http.port)"
     * @param howToMove  how to choose another, e.g. "--port or RINJO_HTTP_PORT"
     */
    static RuntimeException ifPortTaken(Exception e, String port, String howToMove) {
        if (jp.rinjo.common.net.PortTaken.in(e)) {
            return new StartFailure(port + " is already in use (another program, or Rinjo already running): stop it, "
                    + "or choose another port with " + howToMove, e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
