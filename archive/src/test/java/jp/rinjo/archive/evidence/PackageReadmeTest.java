package jp.rinjo.archive.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

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

    /** Each word bash makes of the text, one per line. */
    static String bashWords(String text) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "printf '%s\\n' " + text).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
