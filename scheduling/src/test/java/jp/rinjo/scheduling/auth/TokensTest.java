package jp.rinjo.scheduling.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.session.TimeWindow;

class TokensTest {
    static final Instant START = Instant.parse("2026-11-26T01:00:00Z");
    final SigningKey key = SigningKey.random();
    final InvitationTokens tokens = new InvitationTokens(key, Duration.ofMinutes(30));
    final Invitation invitation = new Invitation(InvitationId.random(), SessionId.random(), ParticipantRole.CONTRACTOR,
            "山田", null, START, null);
    final TimeWindow window = new TimeWindow(START, START.plus(Duration.ofHours(1)));

    static ErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (RinjoException e) {
            return e.code();
        }
        throw new AssertionError("no exception");
    }

    @Test
    void anInvitationTokenIsValidFromShortlyBeforeTheWindowUntilItsEnd() {
        String t = tokens.issue(invitation, window);
        assertThat(codeOf(() -> tokens.verify(t, START.minus(Duration.ofMinutes(31))))).isEqualTo(ErrorCode.TOKEN_NOT_YET_VALID);
        InvitationTokens.Claims c = tokens.verify(t, START.minus(Duration.ofMinutes(30)));
        assertThat(c.invitationId()).isEqualTo(invitation.id());
        assertThat(c.sessionId()).isEqualTo(invitation.sessionId());
        assertThat(c.role()).isEqualTo(ParticipantRole.CONTRACTOR);
        tokens.verify(t, window.end().minusSeconds(1));
        assertThat(codeOf(() -> tokens.verify(t, window.end()))).isEqualTo(ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void aTokenStaysIssuedForItsWindowWhenTheEarlyEntryIsChangedAndOnlyForThatWindow() {
        String t = tokens.issue(invitation, window);
        InvitationTokens afterAConfigChange = new InvitationTokens(key, Duration.ofMinutes(60));
        InvitationTokens.Claims c = afterAConfigChange.read(t);
        assertThat(afterAConfigChange.issuedFor(c, window)).as("nothing was rescheduled").isTrue();
        assertThat(c.notBefore()).as("it opens as it said when sent").isEqualTo(START.minus(Duration.ofMinutes(30)));
        assertThat(afterAConfigChange.issuedFor(c, new TimeWindow(START.plus(Duration.ofMinutes(15)), window.end())))
                .as("a later start is another window").isFalse();
        assertThat(afterAConfigChange.issuedFor(c, new TimeWindow(START, window.end().plusSeconds(60)))).isFalse();

        // a link sent before tokens carried the window's start is still told by the early entry configured
        String v1 = new SignedTokenCodec(key).sign(InvitationTokens.KIND_V1, List.of(invitation.id().value(), invitation.sessionId().value(),
                "CONTRACTOR", Long.toString(START.minus(Duration.ofMinutes(30)).getEpochSecond()), Long.toString(window.end().getEpochSecond())));
        assertThat(tokens.issuedFor(tokens.verify(v1, START), window)).isTrue();
        assertThat(tokens.issuedFor(tokens.read(v1), new TimeWindow(START.plus(Duration.ofMinutes(15)), window.end()))).isFalse();
    }

    @Test
    void forgedOrAlteredTokensAreInvalid() {
        String t = tokens.issue(invitation, window);
        Instant now = START;
        // another deployment's key
        assertThat(codeOf(() -> new InvitationTokens(SigningKey.random(), Duration.ZERO).verify(t, now)))
                .isEqualTo(ErrorCode.TOKEN_INVALID);
        // role raised from CONTRACTOR to INSPECTOR in the payload, signature kept
        String[] parts = t.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("CONTRACTOR", "INSPECTOR");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        assertThat(codeOf(() -> tokens.verify(forged, now))).isEqualTo(ErrorCode.TOKEN_INVALID);
        // one character of the signature flipped
        char last = t.charAt(t.length() - 2);
        String flipped = t.substring(0, t.length() - 2) + (last == 'A' ? 'B' : 'A') + t.charAt(t.length() - 1);
        assertThat(codeOf(() -> tokens.verify(flipped, now))).isEqualTo(ErrorCode.TOKEN_INVALID);
        for (String junk : new String[] {"", "abc", "i1..", "i1.x.y", "x".repeat(5000), "i1.%%%.AAAA"}) {
            assertThat(codeOf(() -> tokens.verify(junk, now))).as(junk).isEqualTo(ErrorCode.TOKEN_INVALID);
        }
        assertThat(codeOf(() -> tokens.verify(null, now))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void aLoginTokenIsNotAnInvitationTokenAndViceVersa() {
        LoginTokens login = new LoginTokens(key, Duration.ofHours(1));
        String lt = login.issue(UserId.random(), START);
        assertThat(codeOf(() -> tokens.verify(lt, START))).isEqualTo(ErrorCode.TOKEN_INVALID);
        String it = tokens.issue(invitation, window);
        assertThat(codeOf(() -> login.verify(it, START))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void loginTokensExpire() {
        LoginTokens login = new LoginTokens(key, Duration.ofHours(1));
        UserId user = UserId.random();
        String t = login.issue(user, START);
        assertThat(login.verify(t, START.plusSeconds(3599)).userId()).isEqualTo(user);
        assertThat(codeOf(() -> login.verify(t, START.plusSeconds(3600)))).isEqualTo(ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void keysArePrintedRedacted() {
        assertThat(key.toString()).doesNotContain(key.toBase64());
        assertThat(SigningKey.fromBase64(key.toBase64())).isEqualTo(key);
        assertThatThrownBy(() -> SigningKey.fromBase64("c2hvcnQ=")).hasMessageContaining("256 bits");
    }
}
