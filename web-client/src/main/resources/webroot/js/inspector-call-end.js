// The end of a call on the inspector's page: ending the session with its result (合格・不合格・指示) in the
// end dialog, the end screen (also when the session ends from elsewhere), or leaving without ending.
import { t, setText, clearText } from './i18n.js';
import { $, showView } from './dom.js';
import { seg } from './api.js';
import { call } from './inspector-call-state.js';
import { showDeviceWarning } from './inspector-own-media.js';

/** Set by wireEndDialog: ctx.call is the API with the login. */
let ctx = null;

/** @param ctx.call the API with the login (a lapsed login brings the login form back) */
export function wireEndDialog(context) {
  ctx = context;
  $('#btn-end').addEventListener('click', openEndDialog);
  $('#end-cancel').addEventListener('click', () => $('#end-dialog').close());
  $('#end-form').addEventListener('submit', endSession);
  $('#end-note').addEventListener('input', () => clearText($('#end-error')));
  $('#end-form').addEventListener('change', () => {
    const instruction = $('#end-form input[name=result]:checked')?.value === 'INSTRUCTION';
    $('#end-note').required = instruction;
    $('#end-note').setAttribute('aria-required', String(instruction));
  });
  // the end screen is drawn again in the new language from the result code kept
  window.addEventListener('langchange', () => {
    if (!$('#view-ended').hidden && call.ended) {
      renderEnded();
    }
  });
}

function openEndDialog() {
  const d = $('#end-dialog');
  $('#end-form').reset();
  clearText($('#end-error'));
  $('#end-note').required = false;
  d.showModal();
  $('#end-form input[name=result]').focus();
}

async function endSession(e) {
  e.preventDefault();
  const err = $('#end-error');
  const result = $('#end-form input[name=result]:checked')?.value;
  const note = $('#end-note').value.trim();
  if (!result) {
    setText(err, 'endForm.pickResult');
    $('#end-form input[name=result]').focus();
    return;
  }
  if (result === 'INSTRUCTION' && !note) {
    setText(err, 'endForm.noteRequired');
    $('#end-note').focus();
    return;
  }
  const submit = $('#end-submit');
  submit.disabled = true;
  try {
    const s = await ctx.call(`/api/sessions/${seg(call.sessionId)}/end`, { method: 'POST', body: { result, note: note || null } });
    $('#end-dialog').close();
    showEnded({ status: s.status, result: s.result?.kind, note: s.result?.note });
  } catch (ex) {
    setText(err, 'endForm.failed', { message: ex.message });
  } finally {
    submit.disabled = false;
  }
}

export function showEnded(m) {
  if (call.over && !$('#view-ended').hidden) {
    return;
  }
  if ($('#end-dialog').open) {
    $('#end-dialog').close();
  }
  stopCallMedia();
  call.over = true;
  const client = call.client;
  if (client && client.state !== 'closed') {
    client.leave().catch(() => {});
  }
  call.ended = { status: m.status, result: m.result || null, note: m.note || null };
  renderEnded();
  showView('view-ended');
}

/** The end screen from the result code kept, so that a language switch translates the result too. */
function renderEnded() {
  const m = call.ended;
  const view = $('#view-ended');
  view.dataset.status = m.status;
  view.dataset.result = m.result || '';
  setText($('#ended-title'), m.status === 'CANCELLED' ? 'ended.cancelled' : 'ended.title');
  if (m.result) {
    setText($('#ended-result'), 'end.result', { result: t('result.' + m.result) });
  } else {
    clearText($('#ended-result'));
  }
  $('#ended-note').textContent = m.note || '';
  $('#ended-note').hidden = !m.note;
}

export function stopCallMedia() {
  if (document.fullscreenElement) {
    document.exitFullscreen().catch(() => {});
  }
  call.quality?.stop();
  call.stills?.stop();
  call.remote?.clear();
  call.mic?.stop();
  call.cam?.stop();
  call.lost.clear();
  showDeviceWarning();
  const self = $('#self-view');
  self.srcObject = null;
  self.hidden = true;
}

/** Leaves without ending (the session stays open for a re-join). */
export function leaveCall() {
  call.over = true;
  stopCallMedia();
  call.client?.leave().catch(() => {});
  call.sessionId = null;
}
