package jp.rinjo.media.transport.ice;

import static jp.rinjo.media.transport.ice.FakeBrowser.decode;
import static jp.rinjo.media.transport.ice.FakeBrowser.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import jp.rinjo.media.transport.ice.IceResult.Outcome;
import jp.rinjo.media.transport.stun.StunAttributeType;
import jp.rinjo.media.transport.stun.StunEncoder;
import jp.rinjo.media.transport.stun.StunErrorCode;
import jp.rinjo.media.transport.stun.StunIntegrity;
import jp.rinjo.media.transport.stun.StunMessage;
import jp.rinjo.media.transport.stun.StunMessageBuilder;
import jp.rinjo.media.transport.stun.StunMessageType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {

    static final long T0 = 1_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final InetSocketAddress PHONE = address("198.51.100.20", 54321);
    static final InetSocketAddress PHONE_V6 = address("2001:db8::20", 50000);
    static final InetSocketAddress PHONE_ON_WIFI = address("203.0.113.5", 40000);

    final IceCredentials serverCreds = IceCredentials.generate();
    final IceCredentials browserCreds = IceCredentials.generate();
    final IceLiteAgent agent = new IceLiteAgent("ep-1", serverCreds, IceLiteAgent.DEFAULT_CONSENT_TIMEOUT, T0);
    final FakeBrowser browser = new FakeBrowser(browserCreds, serverCreds);

    IceLiteAgentTest() {
        agent.setRemoteCredentials(browserCreds);
    }

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class Exchange {

        @Test
        void validCheckGetsAnAuthenticatedSuccessWithTheSourceAddress() {
            byte[] tx = StunMessageBuilder.newTransactionId();
            byte[] request = browser.check(tx).messageIntegrity(serverCreds.integrityKey()).fingerprint().build();

            IceResult result = send(agent, request, PHONE, T0);

            assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(result.nominated()).isFalse();
            StunMessage response = decode(result);
            assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(response.transactionId()).isEqualTo(tx);
            assertThat(response.xorMappedAddress()).contains(PHONE);
            // The browser checks the response with the pwd it got from our SDP.
            assertThat(response.verifyMessageIntegrity(StunIntegrity.shortTermKey(serverCreds.pwd()))).isTrue();
            assertThat(response.verifyFingerprint()).isTrue();
            assertThat(agent.selectedAddress()).isEmpty();
            assertThat(agent.lastValidRequestNanos(PHONE)).hasValue(T0);
        }

        @Test
        void mapsIpv6Sources() {
            StunMessage response = decode(send(agent, browser.request(false), PHONE_V6, T0));
            assertThat(response.xorMappedAddress()).contains(PHONE_V6);
        }

        @Test
        void honoursOffsetAndLengthOfTheDatagram() {
            byte[] request = browser.request(true);
            byte[] framed = new byte[request.length + 9];
            System.arraycopy(request, 0, framed, 4, request.length);
            assertThat(agent.handle(framed, 4, request.length, PHONE, T0).nominated()).isTrue();
        }

        @Test
        void fingerprintIsOptional() {
            byte[] request = browser.check(StunMessageBuilder.newTransactionId())
                    .messageIntegrity(serverCreds.integrityKey()).build();
            assertThat(send(agent, request, PHONE, T0).outcome()).isEqualTo(Outcome.SUCCESS);
        }

        @Test
        void remoteUfragIsNotCheckedWhileUnknown() {
            IceLiteAgent fresh = new IceLiteAgent("ep-2", serverCreds, Duration.ofSeconds(30), T0);
            FakeBrowser stranger = new FakeBrowser(IceCredentials.generate(), serverCreds);
            assertThat(send(fresh, stranger.request(false), PHONE, T0).outcome()).isEqualTo(Outcome.SUCCESS);
        }
    }

    @Nested
    class Nomination {

        @Test
        void useCandidateSelectsTheSource() {
            IceResult result = send(agent, browser.request(true), PHONE, T0);
            assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(result.nominated()).isTrue();
            assertThat(agent.selectedAddress()).contains(PHONE);
        }

        @Test
        void checksWithoutUseCandidateDoNotChangeTheSelection() {
            send(agent, browser.request(true), PHONE, T0);
            IceResult other = send(agent, browser.request(false), PHONE_ON_WIFI, T0 + SECOND);
            assertThat(other.nominated()).isFalse();
            assertThat(agent.selectedAddress()).contains(PHONE);
        }

        @Test
        void aLaterNominationMovesTheSelection() {
            send(agent, browser.request(true), PHONE, T0);
            assertThat(send(agent, browser.request(true), PHONE_ON_WIFI, T0 + SECOND).nominated()).isTrue();
            assertThat(agent.selectedAddress()).contains(PHONE_ON_WIFI);
        }

        @Test
        void rejectedRequestsNeverNominate() {
            FakeBrowser attacker = new FakeBrowser(browserCreds, new IceCredentials(serverCreds.ufrag(), "x".repeat(24)));
            IceResult result = send(agent, attacker.request(true), PHONE, T0);
            assertThat(result.outcome()).isEqualTo(Outcome.ERROR_RESPONSE);
            assertThat(result.nominated()).isFalse();
            assertThat(agent.selectedAddress()).isEmpty();
        }
    }

    @Nested
    class Rejection {

        @Test
        void wrongPasswordGets401WithoutIntegrity() {
            FakeBrowser wrongPwd = new FakeBrowser(browserCreds, new IceCredentials(serverCreds.ufrag(), "y".repeat(22)));
            IceResult result = send(agent, wrongPwd.request(false), PHONE, T0);
            assertError(result, 401);
            StunMessage response = decode(result);
            // RFC 8489 §9.1.3: no MESSAGE-INTEGRITY when the request did not authenticate.
            assertThat(response.messageIntegrity()).isEmpty();
            assertThat(response.verifyFingerprint()).isTrue();
            assertThat(result.reason()).contains("MESSAGE-INTEGRITY mismatch");
            assertThat(agent.lastValidRequestNanos(PHONE)).isEmpty();
        }

        @Test
        void unknownLocalUfragGets401() {
            FakeBrowser wrongUfrag = new FakeBrowser(browserCreds, new IceCredentials("nope", serverCreds.pwd()));
            IceResult result = send(agent, wrongUfrag.request(false), PHONE, T0);
            assertError(result, 401);
            assertThat(result.reason()).contains("unknown local ufrag");
        }

        @Test
        void wrongRemoteUfragGets401() {
            FakeBrowser otherBrowser = new FakeBrowser(IceCredentials.generate(), serverCreds);
            IceResult result = send(agent, otherBrowser.request(false), PHONE, T0);
            assertError(result, 401);
            assertThat(result.reason()).contains("remote ufrag");
        }

        @Test
        void usernameWithoutColonGets401() {
            byte[] request = StunMessageBuilder.bindingRequest(StunMessageBuilder.newTransactionId())
                    .username(serverCreds.ufrag()).iceControlling(1)
                    .messageIntegrity(serverCreds.integrityKey()).fingerprint().build();
            assertError(send(agent, request, PHONE, T0), 401);
        }

        @Test
        void missingUsernameGets400() {
            byte[] request = StunMessageBuilder.bindingRequest(StunMessageBuilder.newTransactionId())
                    .priority(1).iceControlling(1)
                    .messageIntegrity(serverCreds.integrityKey()).fingerprint().build();
            IceResult result = send(agent, request, PHONE, T0);
            assertError(result, 400);
            assertThat(decode(result).messageIntegrity()).isEmpty();
        }

        @Test
        void missingMessageIntegrityGets400() {
            byte[] request = browser.check(StunMessageBuilder.newTransactionId()).useCandidate().fingerprint().build();
            assertError(send(agent, request, PHONE, T0), 400);
            assertThat(agent.selectedAddress()).isEmpty();
        }

        @Test
        void unsupportedMethodGets400() {
            byte[] request = new StunMessageBuilder(
                    new StunMessageType(jp.rinjo.media.transport.stun.StunClass.REQUEST, 0x003),
                    StunMessageBuilder.newTransactionId()).fingerprint().build();
            assertError(send(agent, request, PHONE, T0), 400);
        }

        @Test
        void peerClaimingControlledGets487WithIntegrity() {
            byte[] request = StunMessageBuilder.bindingRequest(StunMessageBuilder.newTransactionId())
                    .username(serverCreds.ufrag() + ":" + browserCreds.ufrag())
                    .priority(1).iceControlled(FakeBrowser.TIE_BREAKER).useCandidate()
                    .messageIntegrity(serverCreds.integrityKey()).fingerprint().build();
            IceResult result = send(agent, request, PHONE, T0);
            assertError(result, 487);
            assertThat(decode(result).verifyMessageIntegrity(serverCreds.integrityKey())).isTrue();
            assertThat(agent.selectedAddress()).isEmpty();
        }

        @Test
        void rfc5769SampleRequestIsAuthenticatedAndGetsRoleConflict() {
            // RFC 5769 §2.1 is a check from a controlled agent: as a lite (controlled) agent we answer 487.
            IceLiteAgent vectorAgent = new IceLiteAgent("ep-v",
                    new IceCredentials("evtj", jp.rinjo.media.transport.stun.Rfc5769.PASSWORD), Duration.ofSeconds(30), T0);
            vectorAgent.setRemoteCredentials(new IceCredentials("h6vY", "0123456789012345678901"));
            byte[] vector = jp.rinjo.media.transport.stun.Rfc5769.sampleRequest();
            IceResult result = send(vectorAgent, vector, PHONE, T0);
            assertError(result, 487);
            assertThat(decode(result).transactionId()).isEqualTo(Arrays.copyOfRange(vector, 8, 20));
        }

        @Test
        void bothRolesGet400WithIntegrity() {
            byte[] request = browser.check(StunMessageBuilder.newTransactionId()).iceControlled(5)
                    .messageIntegrity(serverCreds.integrityKey()).fingerprint().build();
            IceResult result = send(agent, request, PHONE, T0);
            assertError(result, 400);
            assertThat(decode(result).verifyMessageIntegrity(serverCreds.integrityKey())).isTrue();
        }

        @Test
        void unknownComprehensionRequiredAttributeGets420ListingIt() {
            byte[] request = browser.check(StunMessageBuilder.newTransactionId())
                    .attribute(0x7f01, new byte[] {1, 2, 3})
                    .attribute(0xc057, new byte[] {0, 1, 0, 10}) // comprehension-optional: fine
                    .messageIntegrity(serverCreds.integrityKey()).fingerprint().build();
            IceResult result = send(agent, request, PHONE, T0);
            assertError(result, 420);
            StunMessage response = decode(result);
            assertThat(response.unknownAttributes()).containsExactly(0x7f01);
            assertThat(response.verifyMessageIntegrity(serverCreds.integrityKey())).isTrue();
        }

        private void assertError(IceResult result, int code) {
            assertThat(result.outcome()).isEqualTo(Outcome.ERROR_RESPONSE);
            assertThat(result.nominated()).isFalse();
            StunMessage response = decode(result);
            assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR);
            assertThat(response.errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(code));
            assertThat(response.verifyFingerprint()).isTrue();
        }
    }

    @Nested
    class Dropping {

        @Test
        void badFingerprintIsDroppedSilently() {
            byte[] request = browser.request(true);
            request[request.length - 1] ^= 0x01;
            IceResult result = send(agent, request, PHONE, T0);
            assertThat(result.outcome()).isEqualTo(Outcome.DROPPED);
            assertThat(result.response()).isEmpty();
            assertThat(result.reason()).contains("FINGERPRINT");
            assertThat(agent.selectedAddress()).isEmpty();
        }

        @Test
        void responsesAndIndicationsAreIgnored() {
            byte[] tx = StunMessageBuilder.newTransactionId();
            byte[] response = StunEncoder.bindingSuccess(tx, PHONE, serverCreds.integrityKey());
            byte[] error = StunEncoder.bindingError(tx, StunErrorCode.ROLE_CONFLICT, null);
            byte[] indication = new StunMessageBuilder(StunMessageType.BINDING_INDICATION, tx).fingerprint().build();
            for (byte[] datagram : List.of(response, error, indication)) {
                IceResult result = send(agent, datagram, PHONE, T0);
                assertThat(result.outcome()).isEqualTo(Outcome.DROPPED);
                assertThat(result.response()).isEmpty();
                assertThat(result.reason()).startsWith("ignored Binding");
            }
        }

        @Test
        void nonStunIsDroppedWithTheParseReason() {
            byte[] dtls = new byte[40];
            dtls[0] = 22;
            IceResult result = send(agent, dtls, PHONE, T0);
            assertThat(result.outcome()).isEqualTo(Outcome.DROPPED);
            assertThat(result.reason()).startsWith("not STUN:");
        }

        @Test
        void rejectsNullSource() {
            assertThatThrownBy(() -> agent.handle(new byte[20], 0, 20, null, T0)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Consent {

        final Duration timeout = Duration.ofSeconds(30);

        @Test
        void anEndpointNeverReachedExpiresAfterTheTimeoutFromCreation() {
            assertThat(agent.consentExpired(T0)).isFalse();
            assertThat(agent.consentExpired(T0 + timeout.toNanos() - 1)).isFalse();
            assertThat(agent.consentExpired(T0 + timeout.toNanos())).isTrue();
        }

        @Test
        void validRequestsOnTheSelectedAddressKeepConsent() {
            send(agent, browser.request(true), PHONE, T0 + 2 * SECOND);
            long t = T0 + 2 * SECOND;
            for (int i = 0; i < 20; i++) { // consent checks every 5 s for 100 s
                t += 5 * SECOND;
                assertThat(agent.consentExpired(t)).as("at +%d s", (t - T0) / SECOND).isFalse();
                assertThat(send(agent, browser.request(false), PHONE, t).outcome()).isEqualTo(Outcome.SUCCESS);
            }
            assertThat(agent.consentExpired(t + timeout.toNanos() - 1)).isFalse();
            assertThat(agent.consentExpired(t + timeout.toNanos())).isTrue();
        }

        @Test
        void invalidRequestsDoNotRefreshConsent() {
            send(agent, browser.request(true), PHONE, T0);
            FakeBrowser wrongPwd = new FakeBrowser(browserCreds, new IceCredentials(serverCreds.ufrag(), "z".repeat(22)));
            send(agent, wrongPwd.request(false), PHONE, T0 + 20 * SECOND);
            assertThat(agent.consentExpired(T0 + 30 * SECOND)).isTrue();
            assertThat(agent.lastValidRequestNanos(PHONE)).hasValue(T0);
        }

        @Test
        void requestsFromAnotherAddressDoNotKeepTheSelectedPairAlive() {
            send(agent, browser.request(true), PHONE, T0);
            send(agent, browser.request(false), PHONE_ON_WIFI, T0 + 25 * SECOND);
            assertThat(agent.lastValidRequestNanos(PHONE_ON_WIFI)).hasValue(T0 + 25 * SECOND);
            assertThat(agent.consentExpired(T0 + 30 * SECOND)).isTrue();
        }

        @Test
        void beforeSelectionAnyValidRequestCounts() {
            send(agent, browser.request(false), PHONE, T0 + 20 * SECOND);
            assertThat(agent.consentExpired(T0 + 40 * SECOND)).isFalse();
            assertThat(agent.consentExpired(T0 + 50 * SECOND)).isTrue();
        }

        @Test
        void timeoutIsConfigurableAndSurvivesNanoTimeWraparound() {
            long nearWrap = Long.MAX_VALUE - 2 * SECOND;
            IceLiteAgent shortConsent = new IceLiteAgent("ep-3", serverCreds, Duration.ofSeconds(5), nearWrap);
            send(shortConsent, browser.request(true), PHONE, nearWrap);
            long afterWrap = nearWrap + 4 * SECOND; // overflows to a negative long
            assertThat(afterWrap).isNegative();
            assertThat(shortConsent.consentExpired(afterWrap)).isFalse();
            assertThat(shortConsent.consentExpired(nearWrap + 5 * SECOND)).isTrue();
        }

        @Test
        void rejectsNonPositiveTimeout() {
            assertThatThrownBy(() -> new IceLiteAgent("ep", serverCreds, Duration.ZERO, T0))
                    .hasMessageContaining("positive");
        }
    }

    @Nested
    class Restart {

        final IceCredentials newBrowserCreds = IceCredentials.generate();

        @Test
        void returnsFreshCredentialsAndAdvertisesThem() {
            IceCredentials fresh = agent.restart(newBrowserCreds.ufrag(), newBrowserCreds.pwd());
            assertThat(fresh.ufrag()).isNotEqualTo(serverCreds.ufrag());
            assertThat(fresh.pwd()).isNotEqualTo(serverCreds.pwd());
            assertThat(agent.localCredentials()).isEqualTo(fresh);
            assertThat(agent.remoteCredentials()).contains(newBrowserCreds);
            assertThat(agent.localUfrags()).containsExactlyInAnyOrder(serverCreds.ufrag(), fresh.ufrag());
        }

        @Test
        void oldCredentialsWorkUntilTheNewOnesAreUsedThenAreRejected() {
            send(agent, browser.request(true), PHONE, T0);
            IceCredentials fresh = agent.restart(newBrowserCreds.ufrag(), newBrowserCreds.pwd());

            // The answer is still on its way: consent checks on the old generation keep working.
            assertThat(send(agent, browser.request(false), PHONE, T0 + SECOND).outcome()).isEqualTo(Outcome.SUCCESS);

            FakeBrowser restarted = new FakeBrowser(newBrowserCreds, fresh);
            IceResult first = send(agent, restarted.request(true), PHONE_ON_WIFI, T0 + 2 * SECOND);
            assertThat(first.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(decode(first).verifyMessageIntegrity(fresh.integrityKey())).isTrue();
            assertThat(agent.selectedAddress()).contains(PHONE_ON_WIFI);

            IceResult old = send(agent, browser.request(false), PHONE, T0 + 3 * SECOND);
            assertThat(old.outcome()).isEqualTo(Outcome.ERROR_RESPONSE);
            assertThat(decode(old).errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(401));
            assertThat(agent.acceptsLocalUfrag(serverCreds.ufrag())).isFalse();
            assertThat(agent.localUfrags()).containsExactly(fresh.ufrag());
        }

        @Test
        void theNewGenerationChecksTheNewRemoteUfrag() {
            IceCredentials fresh = agent.restart(newBrowserCreds.ufrag(), newBrowserCreds.pwd());
            FakeBrowser staleRemote = new FakeBrowser(browserCreds, fresh); // new local, old remote ufrag
            assertThat(send(agent, staleRemote.request(false), PHONE, T0).outcome()).isEqualTo(Outcome.ERROR_RESPONSE);
            assertThat(agent.acceptsLocalUfrag(serverCreds.ufrag())).as("failed check must not retire").isTrue();
        }

        @Test
        void aSecondRestartReplacesTheUnusedPendingGenerationNotTheWorkingOne() {
            IceCredentials first = agent.restart(newBrowserCreds.ufrag(), newBrowserCreds.pwd());
            IceCredentials third = IceCredentials.generate();
            IceCredentials second = agent.restart(third.ufrag(), third.pwd());

            assertThat(agent.acceptsLocalUfrag(first.ufrag())).isFalse();
            assertThat(send(agent, browser.request(false), PHONE, T0).outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(send(agent, new FakeBrowser(third, second).request(false), PHONE, T0).outcome())
                    .isEqualTo(Outcome.SUCCESS);
            assertThat(agent.localUfrags()).containsExactly(second.ufrag());
        }

        @Test
        void remoteCredentialsSetDuringARestartApplyToTheNewGeneration() {
            IceCredentials fresh = agent.restart(newBrowserCreds.ufrag(), newBrowserCreds.pwd());
            IceCredentials corrected = IceCredentials.generate();
            agent.setRemoteCredentials(corrected);
            assertThat(send(agent, new FakeBrowser(corrected, fresh).request(false), PHONE, T0).outcome())
                    .isEqualTo(Outcome.SUCCESS);
            assertThat(agent.remoteCredentials()).contains(corrected);
        }

        @Test
        void aRestartTheNodeOffersTakesTheBrowsersNewUfragBeforeItsAnswerArrives() {
            send(agent, browser.request(true), PHONE, T0);
            IceCredentials fresh = agent.restart();
            assertThat(agent.localCredentials()).isEqualTo(fresh);

            // the browser applied the offer and checks with its new ufrag; its answer is still on its way
            IceResult early = send(agent, new FakeBrowser(newBrowserCreds, fresh).request(true), PHONE_ON_WIFI, T0 + SECOND);
            assertThat(early.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(decode(early).verifyMessageIntegrity(fresh.integrityKey())).isTrue();
            assertThat(agent.selectedAddress()).contains(PHONE_ON_WIFI);

            agent.setRemoteCredentials(newBrowserCreds);
            assertThat(agent.remoteCredentials()).contains(newBrowserCreds);
            IceCredentials other = IceCredentials.generate();
            assertThat(send(agent, new FakeBrowser(other, fresh).request(false), PHONE, T0 + 2 * SECOND).outcome())
                    .as("once the answer is in, its ufrag is checked").isEqualTo(Outcome.ERROR_RESPONSE);
        }

        @Test
        void beforeTheAnswerTheNewGenerationStillNeedsTheLocalPwd() {
            IceCredentials fresh = agent.restart();
            IceCredentials guessed = new IceCredentials(fresh.ufrag(), IceCredentials.generate().pwd());
            IceResult forged = send(agent, new FakeBrowser(newBrowserCreds, guessed).request(true), PHONE_ON_WIFI, T0);
            assertThat(forged.outcome()).isEqualTo(Outcome.ERROR_RESPONSE);
            assertThat(decode(forged).errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(401));
            assertThat(agent.acceptsLocalUfrag(serverCreds.ufrag())).as("a failed check retires nothing").isTrue();
        }

        @Test
        void restartValidatesTheRemoteCredentials() {
            assertThatThrownBy(() -> agent.restart("ab", browserCreds.pwd())).hasMessageContaining("ufrag");
            assertThat(agent.localUfrags()).containsExactly(serverCreds.ufrag());
        }
    }

    @Test
    void hasNoStunAttributeBeyondWhatTheRfcAsksForInSuccess() {
        StunMessage response = decode(send(agent, browser.request(false), PHONE, T0));
        assertThat(response.attributes()).extracting(a -> a.type()).containsExactly(
                StunAttributeType.XOR_MAPPED_ADDRESS, StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT);
    }
}
