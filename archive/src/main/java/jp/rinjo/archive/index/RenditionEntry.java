package jp.rinjo.archive.index;

/**
 * A playable rendition of one participant (from {@code renditions/renditions.json}).
 *
 * @param startWallMicros the recording time its position 0 stands for (0 when the rendition index predates it)
 */
public record RenditionEntry(String participantId, String key, String sha256, long size, String container, int width, int height,
                             long durationMicros, long startWallMicros) {
    public String contentType() {
        return "webm".equals(container) ? "video/webm" : "video/mp4";
    }
}
