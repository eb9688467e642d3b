// The recording page's 静止画: every remote still the signed manifest lists (EVIDENCE.md, Remote
// stills), with its time (JST, received by the server), who took it and its SHA-256, shown from the
// archive (GET …/stills/{id}: the recording's access rules, audited like playing its video), each
// opening the photo at full size.
import { t } from './i18n.js';
import { $, h } from './dom.js';
import { formatClock } from './archive-format.js';

let urls = [];
let shown = null; // the recording whose stills are being fetched

export function clearStills() {
  shown = null;
  urls.forEach(u => URL.revokeObjectURL(u));
  urls = [];
}

/** Lists the recording's stills and fetches each (call$ carries the page's login). */
export function renderStills(d, call$) {
  clearStills();
  const mine = shown = d.recording.sessionId;
  const stills = d.timeline?.stills ?? [];
  $('#stills-block').hidden = stills.length === 0;
  const name = id => d.participants.find(p => p.id === id)?.displayName || id || '';
  $('#archive-still-list').replaceChildren(...stills.map(m => {
    const s = m.data || {};
    const when = formatClock(m.atWallMicros);
    const who = name(s.by?.participant);
    const img = h('img', { class: 'still-thumb', alt: t('still.alt', { time: when, name: who }) });
    const link = h('a', { class: 'still-open', target: '_blank', rel: 'noopener', 'aria-label': t('still.open', { time: when, name: who }) }, img);
    const item = h('li', { class: 'still-item', dataset: { still: s.id || '' } }, link,
      h('span', { class: 'still-time', text: `${when} · ${who}` }),
      h('span', { class: 'still-hash small' }, 'SHA-256 ', h('code', { text: s.sha256 || '' })));
    call$(`/api/archive/recordings/${encodeURIComponent(mine)}/stills/${encodeURIComponent(s.id)}`, { as: 'blob' })
      .then(blob => {
        if (shown !== mine) {
          return;
        }
        const url = URL.createObjectURL(blob);
        urls.push(url);
        img.src = url;
        link.href = url;
      })
      .catch(() => item.append(h('span', { class: 'form-error small', text: t('still.loadFailed') })));
    return item;
  }));
}
