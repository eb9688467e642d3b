// One still in a strip (the inspector's call page, the archive's recording page): the server's thumbnail
// (≤ 320 px, a few KB, cached by the browser for good) loaded as it scrolls into view, in a link that opens
// the photo at full size. Both are plain URLs the browser fetches with the login cookie: nothing is held
// in the page, and the photo (several MB) is fetched only when it is opened. A thumbnail that cannot be
// shown (a damaged photo: 422) leaves the link with a line that says so; the photo still opens.
import { t } from './i18n.js';
import { h } from './dom.js';

/**
 * @param {{thumbnail: string, full: string}} url
 * @param {{when: string, who: string, datetime: string, timeText: string}} o its time (JST) and who took it
 * @returns {Node[]} the link with the thumbnail, and the time
 */
export function stillItem(url, { when, who, datetime, timeText }) {
  const img = h('img', {
    src: url.thumbnail, loading: 'lazy', decoding: 'async', class: 'still-thumb', alt: t('still.alt', { time: when, name: who }),
  });
  const link = h('a', { href: url.full, target: '_blank', rel: 'noopener', class: 'still-open', 'aria-label': t('still.open', { time: when, name: who }) },
    img);
  img.addEventListener('error', () => {
    img.hidden = true;
    link.append(h('span', { class: 'still-missing small', text: t('still.noThumbnail') }));
  }, { once: true });
  return [link, h('time', { class: 'still-time', datetime, text: timeText })];
}
