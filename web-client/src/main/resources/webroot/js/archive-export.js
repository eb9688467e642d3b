// The recording's export (every object of the session as one ZIP, with the offline verifier and how to
// run it): the server writes it as a job that the browser downloads itself while it is written (the login
// cookie goes with the link; nothing is held in this page), and this page shows how far the job has come.
import { setText, clearText } from './i18n.js';
import { $, h } from './dom.js';
import { formatBytes } from './archive-format.js';

const POLL_MS = 500;
// round: a job followed belongs to the recording shown when it started; leaving it starts a new round, so
// an answer that comes after does not write into another recording's page
const state = { timer: null, round: 0 };

/** A recording is shown: no export of it under way yet. */
export function clearExport() {
  stopExport();
  clearText($('#export-status'));
  $('#export-progress').hidden = true;
  $('#export').disabled = false;
}

/** Leaving the recording: stop following its export (the download itself goes on in the browser). */
export function stopExport() {
  state.round++;
  clearTimeout(state.timer);
  state.timer = null;
}

/** Asks the server for the recording's export, starts its download, and follows it. */
export async function startExport(id, call$) {
  const round = state.round;
  const button = $('#export');
  const status = $('#export-status');
  button.disabled = true;
  clearText(status);
  let job;
  try {
    job = await call$('/api/archive/recordings/' + encodeURIComponent(id) + '/exports', { method: 'POST' });
  } catch (e) {
    if (round === state.round) {
      setText(status, 'arc.exportFailed', { message: e.message });
      button.disabled = false;
    }
    return;
  }
  if (round !== state.round) {
    return;
  }
  const bar = $('#export-progress');
  bar.hidden = false;
  bar.value = 0;
  const a = h('a', { href: job.downloadUrl, download: job.fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  const poll = async () => {
    let s;
    try {
      s = await call$(job.statusUrl);
    } catch (e) {
      s = { state: 'FAILED', error: e.message };
    }
    if (round !== state.round) {
      return;
    }
    bar.value = s.totalBytes > 0 ? Math.round(s.bytesDone / s.totalBytes * 100) : 0;
    if (s.state === 'DONE') {
      bar.value = 100;
      setText(status, 'arc.exportDone', { total: formatBytes(s.totalBytes) });
      button.disabled = false;
    } else if (s.state === 'FAILED') {
      setText(status, 'arc.exportFailed', { message: s.error || '' });
      button.disabled = false;
    } else {
      setText(status, 'arc.exporting', { done: formatBytes(s.bytesDone), total: formatBytes(s.totalBytes) });
      state.timer = setTimeout(poll, POLL_MS);
    }
  };
  poll();
}
