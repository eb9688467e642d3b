// The recording page's 静止画: every remote still the signed manifest lists (EVIDENCE.md, Remote
// stills), with its time (JST, received by the server), who took it and its SHA-256, shown as the
// archive's thumbnail (GET …/stills/{id}/thumbnail) and opening the photo at full size (GET …/stills/{id});
// both under the recording's access rules and audited like playing its video.
import { $, h } from './dom.js';
import { formatClock } from './archive-format.js';
import { stillItem } from './still-item.js';

/** Nothing to free since the strip holds no photos; kept for the page's call when it leaves a recording. */
export function clearStills() {
  $('#archive-still-list')?.replaceChildren();
}

/** Lists the recording's stills with their thumbnails (the browser fetches them with the login cookie). */
export function renderStills(d) {
  const mine = d.recording.sessionId;
  const stills = d.timeline?.stills ?? [];
  $('#stills-block').hidden = stills.length === 0;
  const name = id => d.participants.find(p => p.id === id)?.displayName || id || '';
  const base = `/api/archive/recordings/${encodeURIComponent(mine)}/stills/`;
  $('#archive-still-list').replaceChildren(...stills.map(m => {
    const s = m.data || {};
    const when = formatClock(m.atWallMicros);
    const who = name(s.by?.participant);
    const still = base + encodeURIComponent(s.id || '');
    return h('li', { class: 'still-item', dataset: { still: s.id || '' } },
      ...stillItem({ thumbnail: still + '/thumbnail', full: still },
        { when, who, datetime: new Date(m.atWallMicros / 1000).toISOString(), timeText: `${when} · ${who}` }),
      h('span', { class: 'still-hash small' }, 'SHA-256 ', h('code', { text: s.sha256 || '' })));
  }));
}
