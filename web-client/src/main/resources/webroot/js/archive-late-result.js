// The recording page's 事後記録: the session lapsed (nobody ended it, 結果未記録（自動終了）) and its
// result was recorded afterwards by its inspector or an admin. That record is kept in the database after
// the seal; the signed manifest, and so the result in the summary, stay LAPSED. It is shown in a block
// of its own, headed as unsigned, so that nobody reads it as part of the verified evidence.
import { t } from './i18n.js';
import { $, h } from './dom.js';
import { formatDateTime } from './time.js';

function item(key, value) {
  return h('div', {}, h('dt', { 'data-i18n': key }, t(key)), h('dd', { class: key === 'arc.late.note' ? 'note' : null }, value));
}

export function clearLateRecord() {
  $('#late-block').hidden = true;
  $('#late-record').replaceChildren();
}

/** Shows the late record of the recording's session, if it has one (d: the recording's detail). */
export function renderLateRecord(d) {
  const late = d.lateResult;
  if (!late) {
    clearLateRecord();
    return;
  }
  $('#late-record').replaceChildren(
    item('arc.late.result', t('result.' + late.kind)),
    item('arc.late.by', late.recordedByName),
    item('arc.late.at', formatDateTime(late.recordedAt)),
    item('arc.late.note', late.note));
  $('#late-block').hidden = false;
}
