/**
 * The media node's SDP: parses browser offers and answers, writes the node's answers and offers.
 * Framework-free and stateless; every failure caused by the remote description is an
 * {@link jp.rinjo.media.sdp.SdpException} (VALIDATION_FAILED), safe to report to the client.
 *
 * <p>Each participant has two PeerConnections with the node, unified plan, one BUNDLE transport
 * each, rtcp-mux, the node ICE-lite (RFC 8445 §2.5) and always the DTLS server (RFC 5763).
 *
 * <h2>Publish PeerConnection: the browser offers, the node answers recvonly</h2>
 * <pre>{@code
 * SessionDescription offer = SdpParser.parse(offerSdp);              // SdpException: bad SDP
 * NodeTransport local = new NodeTransport(agent.localCredentials(), certificate.fingerprint(),
 *         IceCandidates.hostCandidates(mediaAddresses));
 * PublishAnswer answer = PublishNegotiator.answer(offer, local);     // SdpException: nothing usable
 * agent.setRemoteCredentials(offer.transportIce());                  // or agent.restart(...) on a re-offer
 * expectClientFingerprint(offer.transportFingerprint());
 * answer.tracks().forEach(track -> ...);  // by SSRC, or by the sdes:mid extension when ssrcs() is empty
 * send(answer.sdp());
 * }</pre>
 *
 * <h2>Subscribe PeerConnection: the node offers sendonly, the browser answers</h2>
 * <pre>{@code
 * SubscribeOffer offer = SubscribeNegotiator.offer(tracks, previous.sections(), local, ++version);
 * send(offer.sdp());                                                 // keep offer: it is next time's previous
 * SubscribeAnswerCheck check = SubscribeNegotiator.checkAnswer(offer, SdpParser.parse(answerSdp));
 * agent.setRemoteCredentials(check.remoteIce());
 * check.acceptedTrackKeys() ...                                      // start forwarding these
 * }</pre>
 * An {@link jp.rinjo.media.sdp.OutgoingTrack}'s codec is the publisher's
 * {@link jp.rinjo.media.sdp.IncomingTrack#codec()}. The subscriber gets the same payload type, so
 * packets are forwarded unchanged, except when two publishers use one number for different codecs:
 * one BUNDLE is one RTP session, so the later section gets another number, and packets for it
 * need {@code RtpPacket.setPayloadType(..., section.codec().payloadType())}.
 */
package jp.rinjo.media.sdp;
