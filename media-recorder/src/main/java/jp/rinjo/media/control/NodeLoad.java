package jp.rinjo.media.control;

/** A media node's load as it reports it to the registry. */
public record NodeLoad(int sessions, int endpoints, int publishedTracks, long packetsForwarded) {
}
