package jp.rinjo.standalone.browser;

/** A DevTools protocol failure: an error reply, no reply in time, or the browser gone. */
public class CdpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CdpException(String message) {
        super(message);
    }

    public CdpException(String message, Throwable cause) {
        super(message, cause);
    }
}
