// 結果の事後記録 on the inspector's session page. A session nobody ended was closed by the system once
// its links expired (結果未記録（自動終了）), and its recording sealed so. Its own inspector, or an admin,
// records the real outcome here afterwards, once, with why it is recorded late. The session keeps its
// LAPSED result, as the signed manifest does: the late record is shown beside it, as one made after the
// seal and not signed, never in its place.
import { t, setText, clearText } from './i18n.js';
import { $ } from './dom.js';
import { formatDateTime } from './time.js';
import { seg } from './api.js';

/** 事後記録: 合格（記録者 監督 太郎、2026年11月27日(金) 10:00 JST） */
export function lateResultArgs(late) {
  return { result: t('result.' + late.kind), name: late.recordedByName, time: formatDateTime(late.recordedAt) };
}

/** Who may record it: what the server allows (the session's own inspector, or an admin; never a clerk). */
function mayRecord(session, user) {
  return !!user && (user.role === 'ADMIN' || (user.role !== 'CLERK' && user.id === session.inspectorId));
}

/**
 * @param {() => object} getAuth the login ({token, user})
 * @param {(path: string, options?: object) => Promise<any>} call the API with the login
 * @param {(session: object) => void} shown the session as the server answered it after a record (or a refusal)
 * @returns {{render: (session: object) => void}} draws the section for the session (on load and on a language switch)
 */
export function installLateResult({ getAuth, call, shown }) {
  const section = $('#late-result');
  const form = $('#late-form');
  const error = $('#late-error');
  const note = $('#late-note');
  let session = null;
  let formFor = null; // the session the form was last cleared for: a redraw (language switch) keeps what is typed

  form.addEventListener('submit', async e => {
    e.preventDefault();
    const result = form.querySelector('input[name=late-result]:checked')?.value;
    const text = note.value.trim();
    if (!result) {
      setText(error, 'endForm.pickResult');
      form.querySelector('input[name=late-result]').focus();
      return;
    }
    if (!text) {
      setText(error, 'late.noteRequired');
      note.focus();
      return;
    }
    const submit = $('#late-submit');
    submit.disabled = true;
    const id = session.id;
    try {
      const s = await call(`/api/sessions/${seg(id)}/late-result`, { method: 'POST', body: { result, note: text } });
      shown(s);
      $('#late-recorded').focus();
    } catch (ex) {
      setText(error, 'late.failed', { message: ex.message });
      if (ex.status === 409) { // recorded meanwhile (another tab, an admin): show what stands
        call(`/api/sessions/${seg(id)}`).then(s => s.lateResult && shown(s), () => {});
      }
    } finally {
      submit.disabled = false;
    }
  });
  note.addEventListener('input', () => clearText(error));
  form.addEventListener('change', () => clearText(error));

  function render(s) {
    session = s;
    const lapsed = s.status === 'ENDED' && s.result?.kind === 'LAPSED';
    section.hidden = !lapsed;
    if (!lapsed) {
      return;
    }
    const late = s.lateResult;
    $('#late-recorded').hidden = !late;
    if (late) {
      setText($('#late-recorded-text'), 'late.recorded', lateResultArgs(late));
      $('#late-recorded-note').textContent = late.note;
    }
    const open = !late && mayRecord(s, getAuth()?.user);
    $('#late-none').hidden = !!late || open;
    form.hidden = !open;
    if (open && formFor !== s.id) {
      form.reset();
      clearText(error);
      formFor = s.id;
    }
  }

  return { render };
}
