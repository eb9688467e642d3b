package jp.rinjo.signaling.invite;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.InspectionSession;

/** An iCalendar (RFC 5545) event for an invitation, so the session lands in the invitee's calendar. */
public final class IcsCalendar {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private IcsCalendar() {
    }

    public static String event(Invitation invitation, SessionService.SessionView view, String link, Instant now) {
        InspectionSession s = view.session();
        String summary = "【遠隔臨場】" + s.type().label() + " " + view.contract().name();
        String description = "契約番号: " + s.contractNo() + "\n工事名: " + view.contract().name() + "\n検査種別: "
                + s.type().label() + "\n監督職員: " + view.inspectorName() + "\n参加者: " + invitation.displayName() + "（"
                + invitation.role().label() + "）\n参加URL: " + link
                + "\n※この遠隔臨場は証拠として録画・記録されます。\nThis remote inspection is recorded as evidence.";
        StringBuilder sb = new StringBuilder();
        line(sb, "BEGIN:VCALENDAR");
        line(sb, "VERSION:2.0");
        line(sb, "PRODID:-//Rinjo//Remote Attendance//JA");
        line(sb, "CALSCALE:GREGORIAN");
        line(sb, "METHOD:PUBLISH");
        line(sb, "BEGIN:VEVENT");
        line(sb, "UID:" + invitation.id() + "@rinjo");
        line(sb, "DTSTAMP:" + UTC.format(now));
        line(sb, "DTSTART:" + UTC.format(s.window().start()));
        line(sb, "DTEND:" + UTC.format(s.window().end()));
        line(sb, "SUMMARY:" + escape(summary));
        line(sb, "LOCATION:" + escape(s.place() != null ? s.place() : view.contract().location()));
        line(sb, "DESCRIPTION:" + escape(description));
        line(sb, "URL:" + link);
        line(sb, "END:VEVENT");
        line(sb, "END:VCALENDAR");
        return sb.toString();
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n");
    }

    /** Folds content lines at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1). */
    static void line(StringBuilder sb, String content) {
        int octets = 0;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + n > 75) {
                sb.append("\r\n ");
                octets = 1;
            }
            sb.appendCodePoint(cp);
            octets += n;
            i += Character.charCount(cp);
        }
        sb.append("\r\n");
    }
}
