package jp.rinjo.common.net;

/** Whether a start failed because a port it binds is taken by another program. */
public final class PortTaken {
    private PortTaken() {
    }

    /**
     * Looks through the causes: the JDK says {@link java.net.BindException}, Netty's native transport an
     * IOException whose message says "Address already in use".
     */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
