// 静止画 on the inspector's page: the 静止画 button asks the contractor's phone for a still at its
// camera's full resolution; while it comes the page says 撮影中…, and says so when none came in time.
// Every still the session gets (asked for, or taken by the contractor with 撮影) is added to a strip of
// thumbnails with its time in JST, newest first, each a link that opens the photo at full size. The strip
// is filled from the session's list each time the page joins (opened, reloaded, or back after a lost
// connection), so stills taken before, or while the page was away, are there too; the live message and
// the list name a still by the same id, and it is shown once.
// With two phones streaming, the button asks the phone whose video is on the stage and no other, and says
// whose video that is (静止画（山田さんの映像）); each still in the strip says who took it.
// The strip shows the server's thumbnails (≤ 320 px, a few KB, cached by the browser for good), loaded as
// they scroll into view, not the photos (several MB each): a slow office line reopening a session with
// many stills loads little. The full photo is fetched only when opened (the login cookie goes with it).
// A session at its cap of stills is refused before the phone is asked, and the page says so. The server
// tells the page (stills-full) as soon as the cap is reached, and when it joins a session already at it:
// the button is disabled then, its reason in the status line the button is described by, so the inspector
// does not learn it only by asking.
import { t, setText, clearText } from './i18n.js';
import { h } from './dom.js';
import { stillItem } from './still-item.js';

/** How long the page waits for the phone to take and send the still before it says none came. */
export const STILL_WAIT_MS = 30000;
const CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** 10:13:19 JST: stills are often seconds apart, so the seconds are shown */
export function stillTime(iso) {
  return `${CLOCK.format(new Date(iso))} JST`;
}

const FAILURES = {
  'not-found': 'still.noContractor', forbidden: 'still.notAllowed', 'session-closed': 'still.sessionOver',
  'still-limit-reached': 'still.limitReached',
};

const contractorsIn = client => [...client.participants.values()].filter(p => p.role === 'CONTRACTOR').map(p => p.participantId);

/**
 * The contractor whose phone is to take the still: the one whose video is on the stage; before any video has
 * come, the one contractor in the call. Null when there is none, or several and no video tells which.
 */
function targetOf(client, stage) {
  const onStage = stage().onStage;
  if (onStage) {
    return onStage;
  }
  const contractors = contractorsIn(client);
  return contractors.length === 1 ? contractors[0] : null;
}

/**
 * @param {object} el {button, status, list}
 * @param {RinjoClient} client
 * @param {{thumbnail: (stillId: string) => string, full: (stillId: string) => string}} stillUrls where a still's
 *   thumbnail and the still itself are (GET /api/sessions/{id}/stills/{stillId}[/thumbnail], with the login cookie)
 * @param {() => Promise<object[]>} listStills the session's stills so far (GET /api/sessions/{id}/stills), oldest first
 * @param {() => {onStage: string|null}} stage whose video is on the stage now (RemoteMedia.stageChoices)
 * @returns {{stop: () => void, relabel: () => void}} relabel names the video the button takes after the stage
 *   or the participants changed
 */
export function inspectorStills({ button, status, list }, client, stillUrls, listStills, stage) {
  const shown = new Set(); // ids in the strip or on their way into it
  let waiting = null; // {id, timer} of the request this page made, until its still arrives or time runs out
  let stopped = false;
  let full = null; // the session's cap once the server said it is reached: it never goes down
  const label = button.querySelector('.ctrl-label') ?? button;

  // one contractor: 静止画 as always; two or more: whose video it takes, in the button's accessible name too
  const relabel = () => {
    if (stopped) {
      return;
    }
    const target = targetOf(client, stage);
    const name = target && client.participants.get(target)?.displayName;
    if (name && contractorsIn(client).length >= 2) {
      setText(label, 'still.buttonOf', { name });
    } else {
      setText(label, 'still.button');
    }
  };

  const settle = () => {
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting = null;
    }
    button.disabled = full !== null;
    button.removeAttribute('aria-busy');
  };

  const showFull = () => {
    status.classList.remove('form-error');
    setText(status, 'still.full', { max: full });
  };

  const fail = (key, args) => {
    settle();
    setText(status, key, args);
    status.classList.add('form-error');
  };

  function add(m) {
    if (shown.has(m.id) || stopped) {
      return;
    }
    shown.add(m.id);
    const when = stillTime(m.takenAt);
    const who = m.byName || '';
    const at = Date.parse(m.takenAt);
    const item = h('li', { class: 'still-item', dataset: { still: m.id, request: m.request || '', at: String(at) } },
      ...stillItem({ thumbnail: stillUrls.thumbnail(m.id), full: stillUrls.full(m.id) },
        { when, who, datetime: m.takenAt, timeText: when }),
      h('span', { class: 'still-by', text: who }));
    // newest first by the server's time: live messages and the list come in any order
    list.insertBefore(item, [...list.children].find(li => Number(li.dataset.at) < at) ?? null);
    list.hidden = false;
  }

  const fill = async () => {
    let stills;
    try {
      stills = await listStills();
    } catch {
      if (!stopped) {
        setText(status, 'still.listFailed'); // a request waiting for its still goes on waiting
        status.classList.add('form-error');
      }
      return;
    }
    stills.forEach(add);
  };
  client.addEventListener('welcome', fill);
  client.addEventListener('welcome', relabel);
  client.addEventListener('presence', relabel);

  const onMessage = e => {
    const m = e.detail;
    if (stopped) {
      return;
    }
    if (m.type === 'stills-full') {
      full = m.max;
      settle(); // a request waiting for its still gets none: the phone's upload was refused
      showFull();
      return;
    }
    if (m.type !== 'still') {
      return;
    }
    if (waiting && m.request === waiting.id) {
      settle();
    }
    clearText(status);
    status.classList.remove('form-error');
    setText(status, 'still.received', { time: stillTime(m.takenAt), name: m.byName || '' });
    if (full !== null) {
      showFull(); // a last upload under way when the cap was reached: the reason the button is off stays shown
    }
    add(m);
  };
  client.addEventListener('message', onMessage);

  const ask = async () => {
    if (waiting || full !== null) {
      return;
    }
    const target = targetOf(client, stage);
    if (!target) {
      fail(contractorsIn(client).length ? 'still.noVideo' : 'still.noContractor');
      return;
    }
    status.classList.remove('form-error');
    setText(status, 'still.waiting');
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const request = await client.requestStill(target);
      if (!stopped && !waiting) {
        waiting = { id: request.id, timer: setTimeout(() => fail('still.timeout'), STILL_WAIT_MS) };
      }
    } catch (e) {
      if (!stopped) {
        fail(FAILURES[e.code] || 'still.failed');
      }
    }
  };
  // one page may hold several calls one after another: the button asks through the latest client only
  if (button.rinjoClick) {
    button.removeEventListener('click', button.rinjoClick);
  }
  button.rinjoClick = ask;
  button.addEventListener('click', ask);
  button.disabled = false;
  clearText(status);
  list.replaceChildren();
  list.hidden = true;
  relabel();

  return {
    relabel,
    stop() {
      stopped = true;
      settle();
      client.removeEventListener('message', onMessage);
      client.removeEventListener('welcome', fill);
      client.removeEventListener('welcome', relabel);
      client.removeEventListener('presence', relabel);
    },
  };
}
