/**
 * ICE-lite (RFC 8445 §2.5) for the media node: the browser is the full, controlling agent; this
 * side answers its checks, learns the nominated address and watches consent (RFC 7675).
 *
 * <p>Use from the UDP server, per datagram whose first byte says STUN
 * ({@code PacketClassifier.classify(...) == STUN}):
 * <pre>{@code
 * Optional<IceLiteAgent> agent = router.route(buf, off, len);      // by local ufrag, no full decode
 * if (agent.isEmpty()) return;                                      // unknown ufrag: drop
 * IceResult r = agent.get().handle(buf, off, len, sender, System.nanoTime());
 * r.response().ifPresent(bytes -> send(bytes, sender));
 * if (r.nominated()) endpointFor(agent.get()).routeMediaTo(sender); // DTLS/SRTP go to sender now
 * }</pre>
 * Per endpoint: {@code IceLiteAgent.create(endpointId, System.nanoTime())}, put
 * {@code localCredentials()} and {@link jp.rinjo.media.transport.ice.IceCandidates#hostCandidates}
 * into the SDP answer, {@code setRemoteCredentials(...)} from the offer, {@code router.register(agent)};
 * on an ICE restart offer {@code restart(ufrag, pwd)} then {@code router.register(agent)} again;
 * poll {@code consentExpired(now)} from a timer (every second or so) and close the endpoint and
 * {@code router.unregister(agent)} when it turns true.
 */
package jp.rinjo.media.transport.ice;
