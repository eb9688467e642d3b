package jp.rinjo.archive.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import jp.rinjo.archive.index.EvidenceInfo;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.testing.Entries;
import jp.rinjo.scheduling.session.InspectionType;

/**
 * The package README's commands name the folder as one shell word, whatever the contract number
 * holds (any printable text but '/' and '\'): checked by handing each word to a real bash.
 */
class PackageReadmeTest {

    @Test
    void aFolderNameReachesTheCommandAsOneWordWhateverTheContractNumberHolds() throws Exception {
        assertThat(PackageReadme.shellWord("rinjo-R8道路第12号-ses_0123456789abcdefghjk/deployment-key.pub.pem"))
                .isEqualTo("rinjo-R8道路第12号-ses_0123456789abcdefghjk/deployment-key.pub.pem");
        for (String name : new String[] {"rinjo-R8 道路 第12号-ses_x", "rinjo-R8　道路(仮)-ses_x", "rinjo-O'Brien's $HOME `id` *-ses_x",
                "rinjo-a;b&c|d<e>f\"g!h#i~-ses_x"}) {
            assertThat(bashWords(PackageReadme.shellWord(name) + "/manifest.json")).as(name).isEqualTo(name + "/manifest.json\n");
        }
    }

    @Test
    void theCommandTakesAKeyFromOutsideThePackageAndTheTrustedTsaOnlyForATimeStampedRecording() throws Exception {
        RecordingEntry plain = Entries.entry("ses_00000000000000000001", Entries.contract("R8道路第12号", "舗装工事", "道路課"),
                InspectionType.STAGE_CHECK, "usr_1", Instant.parse("2026-11-27T01:00:00Z"), Duration.ofMinutes(10));
        EvidenceInfo ev = plain.evidence();
        RecordingEntry stamped = new RecordingEntry(plain.sessionId(), plain.contract(), plain.inspection(), plain.recordedFrom(),
                plain.recordedTo(), new EvidenceInfo(ev.objectPrefix(), ev.manifestSha256(), ev.signingKeyId(), true, ev.sealedAt(),
                ev.sizeBytes(), ev.tracks(), ev.segments(), ev.gaps(), ev.markers(), ev.stills()), plain.participants(),
                plain.renditions(), plain.integrity(), plain.indexedAt());
        EvidencePackage.Plan plan = new EvidencePackage.Plan("rinjo-R8道路第12号-ses_00000000000000000001", List.of(), 0);
        String f = plan.folder();

        String readme = PackageReadme.text(stamped, plan, Instant.parse("2026-11-27T02:00:00Z"), "記録 花子 (clerk1)", true, true);
        assertThat(commands(readme)).containsExactly("./rinjo verify " + f + " --key <DEPLOYMENT-KEY.pem> --tsa-cert " + f + "/trusted-tsa-cert.pem",
                "./rinjo verify " + f + " --key <DEPLOYMENT-KEY.pem> --tsa-cert " + f + "/trusted-tsa-cert.pem");
        assertThat(readme).contains("GET /api/archive/deployment-key").contains("proves only that the package is consistent")
                .contains("パッケージが内部で矛盾していないことしか示しません").contains("openssl pkey -pubin -in <DEPLOYMENT-KEY.pem> -outform DER | sha256sum")
                .contains("CONSISTENT, NOT ANCHORED").doesNotContain("--key " + f);
        // every line of the text sits where the template put it: nothing formatted in broke the layout
        assertThat(readme.lines()).noneMatch(l -> l.startsWith("                "));

        // a recording with no time-stamp: --tsa-cert would make the verifier require one
        assertThat(commands(PackageReadme.text(plain, plan, Instant.parse("2026-11-27T02:00:00Z"), "記録 花子 (clerk1)", true, true)))
                .allSatisfy(c -> assertThat(c).isEqualTo("./rinjo verify " + f + " --key <DEPLOYMENT-KEY.pem>"));
        assertThat(commands(PackageReadme.text(stamped, plan, Instant.parse("2026-11-27T02:00:00Z"), "記録 花子 (clerk1)", true, false)))
                .allSatisfy(c -> assertThat(c).isEqualTo("./rinjo verify " + f + " --key <DEPLOYMENT-KEY.pem>"));
    }

    static List<String> commands(String readme) {
        return readme.lines().map(String::strip).filter(l -> l.startsWith("./rinjo verify ")).toList();
    }

    /** Each word bash makes of the text, one per line. */
    static String bashWords(String text) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "printf '%s\\n' " + text).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
