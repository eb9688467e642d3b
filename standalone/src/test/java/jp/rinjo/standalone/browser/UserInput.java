package jp.rinjo.standalone.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a person does to a {@link Page}, sent as real input events through the DevTools protocol:
 * mouse clicks at an element's centre, key presses, typed text. Pages see them as trusted events
 * (focus-visible, form submission by Enter, user activation for media).
 */
final class UserInput {
    static final Duration WAIT = Duration.ofSeconds(20);

    private UserInput() {
    }

    /** A string as a JavaScript literal. */
    static String js(String s) {
        return new JsonArray().add(s).encode().replaceAll("^\\[|\\]$", "");
    }

    /** Waits until the element exists and is rendered (not hidden, has a box). */
    static void awaitVisible(Page page, String selector) {
        page.waitFor("(() => { const e = document.querySelector(" + js(selector) + ");"
                + " return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'; })()", WAIT);
    }

    /** Clicks the element's centre with the mouse (scrolled into view first). */
    static void click(Page page, String selector) {
        awaitVisible(page, selector);
        JsonObject r = page.evaluateObject("(() => { const e = document.querySelector(" + js(selector) + ");"
                + " e.scrollIntoView({block: 'center', inline: 'center'});"
                + " const b = e.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; })()");
        double x = r.getDouble("x");
        double y = r.getDouble("y");
        page.call("Input.dispatchMouseEvent", new JsonObject().put("type", "mouseMoved").put("x", x).put("y", y));
        for (String type : List.of("mousePressed", "mouseReleased")) {
            page.call("Input.dispatchMouseEvent", new JsonObject().put("type", type).put("x", x).put("y", y)
                    .put("button", "left").put("clickCount", 1));
        }
    }

    /** Clicks into the field and types the text (as an input method would commit it). */
    static void type(Page page, String selector, String text) {
        click(page, selector);
        page.call("Input.insertText", new JsonObject().put("text", text));
    }

    /** Types into whatever has focus. */
    static void typeHere(Page page, String text) {
        page.call("Input.insertText", new JsonObject().put("text", text));
    }

    /** A key press: Tab, Enter, Space, Escape, ArrowDown... with shift if asked. */
    static void press(Page page, String key, boolean shift) {
        record Key(String code, int keyCode, String text) {
        }
        Key k = switch (key) {
            case "Tab" -> new Key("Tab", 9, null);
            case "Enter" -> new Key("Enter", 13, "\r");
            case " ", "Space" -> new Key("Space", 32, " ");
            case "Escape" -> new Key("Escape", 27, null);
            case "ArrowDown" -> new Key("ArrowDown", 40, null);
            case "ArrowUp" -> new Key("ArrowUp", 38, null);
            case "ArrowLeft" -> new Key("ArrowLeft", 37, null);
            case "ArrowRight" -> new Key("ArrowRight", 39, null);
            case "Home" -> new Key("Home", 36, null);
            case "End" -> new Key("End", 35, null);
            default -> throw new IllegalArgumentException("no key " + key);
        };
        String keyName = k.code().equals("Space") ? " " : key;
        JsonObject down = new JsonObject().put("type", k.text() == null ? "rawKeyDown" : "keyDown").put("key", keyName)
                .put("code", k.code()).put("windowsVirtualKeyCode", k.keyCode()).put("modifiers", shift ? 8 : 0);
        if (k.text() != null) {
            down.put("text", k.text()).put("unmodifiedText", k.text());
        }
        page.call("Input.dispatchKeyEvent", down);
        page.call("Input.dispatchKeyEvent", new JsonObject().put("type", "keyUp").put("key", keyName).put("code", k.code())
                .put("windowsVirtualKeyCode", k.keyCode()).put("modifiers", shift ? 8 : 0));
    }

    static void press(Page page, String key) {
        press(page, key, false);
    }

    /** Sets a date/time/select value as the browser's picker would (input and change events). */
    static void setValue(Page page, String selector, String value) {
        page.evaluate("(() => { const e = document.querySelector(" + js(selector) + "); e.focus(); e.value = " + js(value)
                + "; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    static String text(Page page, String selector) {
        Object v = page.evaluate("document.querySelector(" + js(selector) + ")?.textContent ?? null");
        return v == null ? null : v.toString().strip();
    }

    /** Saves target/screenshots/{name}.png. */
    static Path screenshot(Page page, String name) {
        Path out = Path.of("target", "screenshots");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return page.screenshot(out.resolve(name + ".png"));
    }

    /** Saves target/screenshots/{name}.png of the whole page, below the fold too. */
    static Path fullPageScreenshot(Page page, String name) {
        Path file = Path.of("target", "screenshots", name + ".png");
        try {
            Files.createDirectories(file.getParent());
            page.call("Page.bringToFront", null);
            String data = page.call("Page.captureScreenshot", new JsonObject().put("format", "png")
                    .put("captureBeyondViewport", true)).getString("data");
            Files.write(file, java.util.Base64.getDecoder().decode(data));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A phone-sized viewport (the contractor's page is built for one hand on a phone). */
    static void emulatePhone(Page page) {
        page.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 390).put("height", 844)
                .put("deviceScaleFactor", 2).put("mobile", true));
    }
}
