package jp.rinjo.signaling.media;

/** A media node as the registry lists it: where its control API is and how loaded it is. */
public record MediaNodeRef(String id, String controlUrl, int endpoints) {
}
