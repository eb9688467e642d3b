package jp.rinjo.media.recording.verify;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import jp.rinjo.media.recording.store.ObjectKeys;

/**
 * The trusted time against the media node's. Every time a recording states (segments, gaps,
 * interruptions, {@code createdWallMicros}, {@code sealedAt}) is the node's wall clock; the
 * time-stamp is the only time from outside. The seal asks for it right after building the manifest,
 * so its genTime follows {@code sealedAt} within seconds. Much earlier, the node's clock was ahead and
 * all those times are wrong; much later, the token was added after the seal (the archive's
 * "time-stamp later" after a TSA outage) or the node's clock was behind: the token then proves the
 * recording existed only from its genTime on.
 */
final class SealTime {
    /**
     * How far genTime may precede sealedAt before the node's clock is called wrong. With both clocks
     * right genTime is later (the stamp is asked for after sealedAt was read); only the clocks' errors
     * can make it earlier: a TSA keeps within about a second of UTC, a node synchronised by NTP within
     * milliseconds, one that lost synchronisation drifts by seconds a day. Two minutes allows weeks of
     * such drift; a clock set wrong (another zone, another day) is off by hours.
     */
    static final long CLOCK_TOLERANCE_MICROS = 120_000_000L;
    /**
     * How long after sealedAt a seal's own stamp comes at most: the recorder asks the TSA up to three
     * times, a second apart, each waiting up to {@code recording.tsa-timeout} (10 s by default), so
     * about half a minute, plus the clocks' errors. Five minutes leaves room for a slow TSA.
     */
    static final long STAMPED_AT_SEAL_MICROS = 300_000_000L;

    private SealTime() {
    }

    /** {@code , sealed <JST> by the media node's clock}, to follow the stamped time; empty if the manifest gives no seal time. */
    static String besideStampedTime(JsonNode root) {
        JsonNode sealed = root.path("sealedAt").path("wallMicros");
        return sealed.canConvertToLong() ? ", sealed " + Messages.jst(sealed.asLong()) + " by the media node's clock" : "";
    }

    static void check(JsonNode root, Instant genTime, Findings f) {
        JsonNode sealed = root.path("sealedAt").path("wallMicros");
        if (!sealed.canConvertToLong()) {
            return; // nothing to compare with; the signature covers whatever the manifest says
        }
        long sealedAt = sealed.asLong();
        long stamped = genTime.getEpochSecond() * 1_000_000L + genTime.getNano() / 1000;
        long after = stamped - sealedAt;
        String times = "the TSA stamped the manifest at " + Messages.jst(genTime) + ", " + Messages.duration(after)
                + (after < 0 ? " before" : " after") + " its sealedAt " + Messages.jst(sealedAt) + " by the media node's clock";
        if (after < -CLOCK_TOLERANCE_MICROS) {
            f.error(Finding.Code.NODE_CLOCK_AHEAD, ObjectKeys.TIMESTAMP, "NODE CLOCK AHEAD: " + times + ". The stamp is asked for after the seal, so the node's clock "
                    + "was ahead by at least " + Messages.duration(-after) + " (" + CLOCK_TOLERANCE_MICROS / 60_000_000
                    + " min is allowed for the two clocks' difference), and every time the recording states (segments, gaps, "
                    + "interruptions, creation, seal) is that much too late", params(genTime, sealedAt, after));
        } else if (after > STAMPED_AT_SEAL_MICROS) {
            f.warning(Finding.Code.STAMPED_LATER, ObjectKeys.TIMESTAMP, "STAMPED LATER: " + times + "; " + why(root)
                    + "; the token proves only that the recording existed by " + Messages.jst(genTime), params(genTime, sealedAt, after));
        }
    }

    private static java.util.Map<String, String> params(Instant genTime, long sealedAt, long after) {
        return Finding.params("atMicros", Messages.micros(genTime), "sealedMicros", sealedAt, "difference", Messages.duration(after),
                "differenceMicros", Math.abs(after));
    }

    /**
     * The manifest cannot say that its stamp came late: it is built, and its bytes fixed, before the TSA
     * is asked, and a failure is known only after (the recorder logs it and returns it with the seal's
     * result). It can say only that no TSA was configured.
     */
    private static String why(JsonNode root) {
        if (!root.path("timestamp").isObject()) {
            return "the manifest names no TSA (none was configured when it was sealed), so this token was added since";
        }
        return "a seal is time-stamped within seconds, so either this token was added since (as the archive's \"time-stamp later\" "
                + "does once a TSA that was down at the seal answers again; its audit log says when) or the media node's clock was "
                + "behind by up to that much";
    }
}
