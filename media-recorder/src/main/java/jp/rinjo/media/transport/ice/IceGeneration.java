package jp.rinjo.media.transport.ice;

import java.util.Objects;

/**
 * One ICE generation: the local credentials and the remote ones (null until known from SDP).
 * Every ICE restart starts a new generation (RFC 8445 §9).
 */
record IceGeneration(IceCredentials local, IceCredentials remote) {

    IceGeneration {
        Objects.requireNonNull(local, "local");
    }

    IceGeneration withRemote(IceCredentials newRemote) {
        return new IceGeneration(local, newRemote);
    }
}
