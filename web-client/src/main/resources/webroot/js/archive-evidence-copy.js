// The evidence copy of the rendition selected in the player: the server re-encodes it with the
// contract number and each frame's Japan time burned in (one copy at a time for the whole server,
// so a request may wait in a queue), this page shows how far it is, then offers the file as a
// normal download link (the browser fetches it itself with the login cookie; nothing is held here).
import { setText, clearText } from './i18n.js';
import { $ } from './dom.js';

const POLL_MS = 700;
const ERROR_KEYS = ['validation-failed', 'not-found', 'forbidden', 'unauthenticated', 'conflict', 'store-unavailable', 'network'];
const state = { sessionId: null, rendition: null, call$: null, timer: null, job: null };

/** The player now shows this rendition (or none): the button makes a copy of it. */
export function evidenceCopyFor(sessionId, rendition, call$) {
  stopEvidenceCopy();
  state.sessionId = sessionId;
  state.rendition = rendition;
  state.call$ = call$;
  const button = $('#evidence-copy');
  button.disabled = !rendition;
  $('#evidence-copy-progress').hidden = true;
  $('#evidence-copy-download').hidden = true;
  clearText($('#evidence-copy-status'));
  $('#evidence-copy-status').classList.remove('form-error');
  if (rendition) {
    setText($('#evidence-copy-for'), 'arc.copyFor', { name: rendition.participantName || rendition.participantId });
  } else {
    setText($('#evidence-copy-for'), 'arc.noRendition');
  }
}

/** Leaving the recording (or switching the video): stop following the job. */
export function stopEvidenceCopy() {
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
  }
  state.job = null;
}

function errorKey(e) {
  return e && ERROR_KEYS.includes(e.code) ? 'arc.copyError.' + e.code : 'arc.copyFailed';
}

function showError(e) {
  const status = $('#evidence-copy-status');
  // Japanese (or English) for people; the server's technical reason stays available as a tooltip
  setText(status, errorKey(e));
  status.title = e?.message || '';
  status.classList.add('form-error');
  $('#evidence-copy-progress').hidden = true;
  $('#evidence-copy').disabled = false;
}

async function start() {
  const r = state.rendition;
  const sessionId = state.sessionId;
  if (!r) {
    return;
  }
  stopEvidenceCopy();
  const button = $('#evidence-copy');
  const status = $('#evidence-copy-status');
  status.classList.remove('form-error');
  status.title = '';
  button.disabled = true;
  $('#evidence-copy-download').hidden = true;
  let job;
  try {
    job = await state.call$('/api/archive/recordings/' + encodeURIComponent(sessionId) + '/renditions/'
      + encodeURIComponent(r.participantId) + '/evidence-copy', { method: 'POST' });
  } catch (e) {
    showError(e);
    return;
  }
  if (state.rendition !== r) {
    return; // another video was chosen meanwhile
  }
  state.job = job;
  const bar = $('#evidence-copy-progress');
  bar.hidden = false;
  bar.value = 0;
  const poll = async () => {
    state.timer = null;
    let s;
    try {
      s = await state.call$(job.statusUrl);
    } catch (e) {
      if (state.job === job) {
        showError(e);
      }
      return;
    }
    if (state.job !== job) {
      return;
    }
    bar.value = s.progress;
    if (s.state === 'DONE') {
      setText(status, 'arc.copyDone', { frames: s.frames });
      const link = $('#evidence-copy-download');
      link.href = s.downloadUrl;
      link.setAttribute('download', s.fileName);
      link.hidden = false;
      bar.hidden = true;
      button.disabled = false;
      link.focus();
    } else if (s.state === 'FAILED') {
      showError({ code: null, message: s.error });
    } else {
      setText(status, s.state === 'QUEUED' ? 'arc.copyQueued' : 'arc.copyRunning', { progress: s.progress });
      state.timer = setTimeout(poll, POLL_MS);
    }
  };
  setText(status, 'arc.copyQueued', { progress: 0 });
  poll();
}

$('#evidence-copy').addEventListener('click', start);
