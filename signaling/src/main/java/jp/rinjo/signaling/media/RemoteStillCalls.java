package jp.rinjo.signaling.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.common.id.SessionId;

/**
 * Remote stills on a media node in another process, through its control API (the node's
 * StillControlRoutes): a still goes to the node the session is placed on, with what signaling says of
 * it in the signed body; a read asks the node the session is placed on. In a cluster a session's
 * placement is dropped once it is sealed, so its stills are read from the archive afterwards.
 */
final class RemoteStillCalls {
    private final HttpClient http;
    private final ControlRequestSigner signer;
    private final MediaPlacement placement;
    private final BiFunction<Integer, String, RuntimeException> toError;
    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    RemoteStillCalls(HttpClient http, ControlRequestSigner signer, MediaPlacement placement,
                     BiFunction<Integer, String, RuntimeException> toError) {
        this.http = http;
        this.signer = signer;
        this.placement = placement;
        this.toError = toError;
    }

    CompletionStage<MediaGateway.StoredStill> store(SessionId session, MediaGateway.Still still, byte[] jpeg) {
        byte[] body;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 512);
            out.write(mapper.writeValueAsBytes(still));
            out.write('\n');
            out.write(jpeg);
            body = out.toByteArray();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return placement.nodeFor(session).thenCompose(node -> http.sendAsync(
                signer.postBytes(URI.create(node.controlUrl() + "/internal/v1/sessions/" + session.value() + "/stills"), body)
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))).thenApply(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw toError.apply(response.statusCode(), response.body());
                    }
                    try {
                        return mapper.readValue(response.body(), MediaGateway.StoredStill.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException("the media node's answer to a still is not JSON", e);
                    }
                });
    }

    CompletionStage<Optional<byte[]>> read(SessionId session, String stillId) {
        return placement.placedNode(session).thenCompose(node -> node.isEmpty()
                ? CompletableFuture.completedFuture(Optional.<byte[]>empty())
                : http.sendAsync(signer.postBytes(URI.create(node.get().controlUrl() + "/internal/v1/sessions/" + session.value() + "/stills/"
                        + stillId + "/read"), new byte[0]).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
                            if (response.statusCode() == 404) {
                                return Optional.<byte[]>empty();
                            }
                            if (response.statusCode() / 100 != 2) {
                                throw toError.apply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
                            }
                            return Optional.of(response.body());
                        }));
    }
}
