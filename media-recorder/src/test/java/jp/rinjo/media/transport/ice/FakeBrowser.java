package jp.rinjo.media.transport.ice;

import java.net.InetSocketAddress;
import jp.rinjo.media.transport.stun.StunDecoder;
import jp.rinjo.media.transport.stun.StunMessage;
import jp.rinjo.media.transport.stun.StunMessageBuilder;
import jp.rinjo.media.transport.stun.StunParseException;

/**
 * Fake: the full, controlling ICE agent of a browser, reduced to building its connectivity checks
 * (RFC 8445 §7.1) with the project's own encoder. No real browser runs in unit tests.
 */
final class FakeBrowser {

    static final long TIE_BREAKER = 0x1122334455667788L;
    /** Priority a browser would send for a peer-reflexive candidate of a host type (RFC 8445 §7.1.1). */
    static final long PRIORITY = IceCandidates.priority(110, 65535, 1);

    final IceCredentials own;
    IceCredentials server;

    FakeBrowser(IceCredentials own, IceCredentials server) {
        this.own = own;
        this.server = server;
    }

    /** A builder holding USERNAME {@code serverUfrag:browserUfrag}, PRIORITY and ICE-CONTROLLING. */
    StunMessageBuilder check(byte[] transactionId) {
        return StunMessageBuilder.bindingRequest(transactionId)
                .username(server.ufrag() + ":" + own.ufrag())
                .priority(PRIORITY)
                .iceControlling(TIE_BREAKER);
    }

    byte[] request(boolean useCandidate) {
        StunMessageBuilder b = check(StunMessageBuilder.newTransactionId());
        if (useCandidate) {
            b.useCandidate();
        }
        return b.messageIntegrity(server.integrityKey()).fingerprint().build();
    }

    static IceResult send(IceLiteAgent agent, byte[] datagram, InetSocketAddress from, long nowNanos) {
        return agent.handle(datagram, 0, datagram.length, from, nowNanos);
    }

    static StunMessage decode(IceResult result) {
        try {
            byte[] response = result.response().orElseThrow(() -> new AssertionError("no response: " + result));
            return StunDecoder.decode(response);
        } catch (StunParseException e) {
            throw new AssertionError("agent sent an unparsable response", e);
        }
    }
}
