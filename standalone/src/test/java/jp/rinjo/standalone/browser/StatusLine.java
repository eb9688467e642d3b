package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.js;

/**
 * Keeps every message a page's status line shows, so a test can check a message that clears itself after a few
 * seconds (the phone's 静止画を送信しました) without racing its timer: on a loaded machine the steps between the
 * message and the check can take longer than the message stays.
 */
final class StatusLine {

    private StatusLine() {
    }

    /** From now on, each text the element shows (while not hidden) is kept on the page. */
    static void record(Page page, String elementId) {
        page.evaluate("(() => { window.__shown = window.__shown || {}; const kept = window.__shown[" + js(elementId) + "] = [];"
                + " const s = document.getElementById(" + js(elementId) + ");"
                + " const keep = () => { if (!s.hidden && s.textContent) kept.push(s.textContent); };"
                + " new MutationObserver(keep).observe(s, {childList: true, characterData: true, subtree: true, attributes: true});"
                + " return 'recording'; })()");
    }

    /** A predicate for {@link Page#waitFor}: the element has shown this text since {@link #record}. */
    static String hasShown(String elementId, String text) {
        return "window.__shown[" + js(elementId) + "].includes(" + js(text) + ")";
    }
}
