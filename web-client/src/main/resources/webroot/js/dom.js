// Small DOM helpers shared by the pages. No framework: elements are built with h() and shown or
// hidden with the hidden attribute.

/**
 * Creates an element. attrs: plain attributes, plus `class`, `text` (textContent), `on` ({event: fn})
 * and `dataset`; children: nodes or strings (strings become text, never HTML).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) {
      continue;
    }
    if (k === 'class') {
      el.className = v;
    } else if (k === 'text') {
      el.textContent = v;
    } else if (k === 'on') {
      for (const [type, fn] of Object.entries(v)) {
        el.addEventListener(type, fn);
      }
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  for (const c of children.flat()) {
    if (c != null && c !== false) {
      el.append(c instanceof Node ? c : String(c));
    }
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/**
 * Tells page-load-watch.js that the page's modules loaded and run: called by each page's module once
 * its imports are in, before it starts. Without it the watch shows a reload message after 20 s.
 */
export function markStarted() {
  document.documentElement.setAttribute('data-started', '');
  document.dispatchEvent(new Event('rinjo:started'));
}

/** Shows exactly one of the page's views (section.view) and moves focus to its heading. */
export function showView(id, { focus = true } = {}) {
  for (const v of $$('.view')) {
    v.hidden = v.id !== id;
  }
  const view = document.getElementById(id);
  if (focus && view) {
    const target = view.querySelector('h1, h2') || view;
    if (!target.hasAttribute('tabindex')) {
      target.setAttribute('tabindex', '-1');
    }
    target.focus({ preventScroll: false });
  }
  return view;
}

/** Plays a media element, ignoring the autoplay refusals and interrupted loads a page cannot help. */
export function play(media) {
  const p = media.play?.();
  if (p && typeof p.catch === 'function') {
    p.catch(() => {});
  }
}

/** Copies text to the clipboard; falls back to selecting an input's text where the API is missing. */
export async function copyText(text, fallbackInput) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (fallbackInput) {
      fallbackInput.focus();
      fallbackInput.select();
      try {
        return document.execCommand('copy');
      } catch {
        return false;
      }
    }
    return false;
  }
}
