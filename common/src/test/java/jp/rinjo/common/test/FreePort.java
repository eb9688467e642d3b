package jp.rinjo.common.test;

import java.io.IOException;
import java.net.ServerSocket;

public final class FreePort {
    private FreePort() {
    }

    public static int tcp() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
