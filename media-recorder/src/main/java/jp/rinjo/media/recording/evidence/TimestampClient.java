package jp.rinjo.media.recording.evidence;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;

import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

import jp.rinjo.media.recording.format.Sha256;

/**
 * Asks an RFC 3161 time-stamping authority to stamp the SHA-256 of some bytes (the manifest), over
 * HTTP ({@code application/timestamp-query}), with a random nonce and the TSA certificate requested
 * in the token; the response is checked (nonce, imprint, signature) before it is returned. Blocking.
 */
public final class TimestampClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    public TimestampClient(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI url() {
        return url;
    }

    /** The DER time-stamp response ({@code manifest.tsr}) for {@code data}. */
    public byte[] stamp(byte[] data) throws IOException {
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        gen.setCertReq(true);
        TimeStampRequest request = gen.generate(TSPAlgorithms.SHA256, Sha256.digest(data).bytes(), new BigInteger(64, RANDOM));
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the TSA " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the TSA " + url + " answered HTTP " + response.statusCode());
        }
        try {
            TimeStampResponse tsr = new TimeStampResponse(response.body());
            tsr.validate(request);
            if (tsr.getTimeStampToken() == null) {
                throw new IOException("the TSA " + url + " refused: " + tsr.getStatusString());
            }
            TimestampCheck.verifyToken(tsr.getTimeStampToken(), data, TimestampCheck.TsaTrust.none());
            return tsr.getEncoded();
        } catch (TSPException e) {
            throw new IOException("the TSA " + url + " answered an unusable time-stamp: " + e.getMessage(), e);
        } catch (TimestampCheck.Failure e) {
            throw new IOException("the TSA " + url + " answered a time-stamp that does not check: " + e.getMessage(), e);
        }
    }
}
