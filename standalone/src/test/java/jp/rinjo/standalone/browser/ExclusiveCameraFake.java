package jp.rinjo.standalone.browser;

import io.vertx.core.json.JsonObject;

/** A FAKE of a phone's exclusive camera for Chromium, whose own fake camera any number of pages can open. */
final class ExclusiveCameraFake {
    /**
     * A FAKE of a phone's exclusive camera, put into every page before its own scripts: while one page of
     * the browser has a live video track, getUserMedia for video in any other page fails with
     * NotReadableError (what iOS Safari and many Android phones answer). A page with a live video track
     * holds a Web Lock named after it; stopping the last one (or the browser ending it) releases it.
     * Also lists every track the page was given, in window.__fakeCamera.tracks, for the test to look at.
     */
    static final String SCRIPT = """
            (() => {
              const PREFIX = 'fake-exclusive-camera:';
              const mine = PREFIX + Math.random().toString(36).slice(2);
              const fake = window.__fakeCamera = { tracks: [] };
              let unlock = null;
              const videoLive = () => fake.tracks.some(t => t.kind === 'video' && t.readyState === 'live');
              const hold = () => {
                if (!unlock && videoLive()) {
                  const abort = new AbortController();
                  let done;
                  const held = new Promise(r => { done = r; });
                  navigator.locks.request(mine, { signal: abort.signal }, () => held).catch(() => {});
                  unlock = () => { abort.abort(); done(); };
                }
              };
              const letGo = () => {
                if (unlock && !videoLive()) {
                  unlock();
                  unlock = null;
                }
              };
              const real = MediaDevices.prototype.getUserMedia;
              MediaDevices.prototype.getUserMedia = async function (constraints) {
                if (constraints && constraints.video) {
                  const { held = [] } = await navigator.locks.query();
                  if (held.some(l => l.name.startsWith(PREFIX) && l.name !== mine)) {
                    throw new DOMException('Could not start video source', 'NotReadableError');
                  }
                }
                const stream = await real.call(this, constraints);
                for (const t of stream.getTracks()) {
                  fake.tracks.push(t);
                  const stop = t.stop.bind(t);
                  t.stop = () => { stop(); letGo(); };
                  t.addEventListener('ended', letGo);
                }
                hold();
                return stream;
              };
            })();
            """;
    /** Every camera and microphone track the page was ever given has ended (and it was given some). */
    static final String ALL_TRACKS_ENDED = "__fakeCamera.tracks.length >= 1 && __fakeCamera.tracks.every(t => t.readyState === 'ended')";

    private ExclusiveCameraFake() {
    }

    /** Puts the fake into every document the page loads from now on, before the page's own scripts. */
    static void install(Page page, String extra) {
        page.call("Page.addScriptToEvaluateOnNewDocument", new JsonObject().put("source", SCRIPT + extra));
    }
}
