package jp.rinjo.standalone.browser;

/** JavaScript evaluated in a page threw (or its promise rejected); the message is the JS error text and stack. */
public final class JsException extends CdpException {
    private static final long serialVersionUID = 1L;

    public JsException(String message) {
        super(message);
    }
}
