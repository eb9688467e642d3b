// A compact summary of RinjoClient's two connections' statistics (client.stats()): what is sent and how
// the node receives it, the selected candidate pair of each, and every remote track received.

/**
 * @param {RTCPeerConnection|null} pub the publish connection
 * @param {RTCPeerConnection|null} sub the subscribe connection
 * @param {Map<string, {participantId, track, stream, mid}>} remoteByMid the remote tracks received, by transceiver mid
 */
export async function connectionStats(pub, sub, remoteByMid) {
  const out = { publish: null, subscribe: null, inbound: [] };
  if (pub) {
    const report = await pub.getStats();
    const s = { video: null, audio: null, remoteInbound: [], pair: selectedPair(report) };
    report.forEach(r => {
      if (r.type === 'outbound-rtp' && r.kind === 'video') {
        s.video = pick(r, ['frameWidth', 'frameHeight', 'framesPerSecond', 'framesEncoded', 'framesSent', 'bytesSent',
          'packetsSent', 'qualityLimitationReason', 'encoderImplementation']);
      } else if (r.type === 'outbound-rtp' && r.kind === 'audio') {
        s.audio = pick(r, ['bytesSent', 'packetsSent']);
      } else if (r.type === 'remote-inbound-rtp') {
        // what the node reports back about our stream (RTCP receiver reports)
        s.remoteInbound.push({ kind: r.kind, ...pick(r, ['packetsLost', 'fractionLost', 'roundTripTime', 'jitter']) });
      }
    });
    out.publish = s;
  }
  if (sub) {
    const report = await sub.getStats();
    out.subscribe = { pair: selectedPair(report) };
    report.forEach(r => {
      if (r.type !== 'inbound-rtp') {
        return;
      }
      const remote = remoteByMid.get(r.mid)
        || [...remoteByMid.values()].find(x => x.track.id === r.trackIdentifier);
      if (!remote) {
        return; // an ended track's transceiver (inactive m-line)
      }
      const common = { participantId: remote.participantId, mid: r.mid ?? null, kind: r.kind,
        packetsReceived: r.packetsReceived, packetsLost: r.packetsLost, jitter: r.jitter, bytesReceived: r.bytesReceived };
      out.inbound.push(r.kind === 'video'
        ? { ...common, ...pick(r, ['framesDecoded', 'frameWidth', 'frameHeight', 'framesPerSecond', 'decoderImplementation',
          'nackCount', 'retransmittedPacketsReceived']) }
        : { ...common, ...pick(r, ['audioLevel', 'totalSamplesReceived', 'concealedSamples']) });
    });
  }
  return out;
}

function pick(obj, keys) {
  const out = {};
  for (const k of keys) {
    if (obj[k] !== undefined) {
      out[k] = obj[k];
    }
  }
  return out;
}

/** currentRoundTripTime and availableOutgoingBitrate of the selected candidate pair. */
function selectedPair(report) {
  let pair = null;
  report.forEach(r => {
    if (r.type === 'transport' && r.selectedCandidatePairId) {
      pair = report.get(r.selectedCandidatePairId);
    }
  });
  if (!pair) {
    report.forEach(r => {
      if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') {
        pair = r;
      }
    });
  }
  return pair ? pick(pair, ['currentRoundTripTime', 'availableOutgoingBitrate', 'bytesSent', 'bytesReceived']) : null;
}
