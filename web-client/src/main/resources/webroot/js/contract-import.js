// 契約の一括登録: a CSV file, chosen or dropped, is sent as it is for a dry run (the server reads UTF-8
// and Shift_JIS, which is what Excel on a Japanese PC writes for 「CSV」, so the page never decodes
// it); the preview shows every row as the server judged it, faults at their fields; 登録する sends the
// same bytes again and the server registers all the new contracts at once, or none while any row has
// a fault. A row's number is the one Excel shows, so the user finds it in the file.
import { t, setText, clearText } from './i18n.js';
import { $, h } from './dom.js';

/** The server's limit (ContractImportRoutes.MAX_BYTES): said before sending 2 MB for nothing. */
const MAX_BYTES = 2 * 1024 * 1024;
const FIELDS = [['no', 'contract.no'], ['name', 'field.contractName'], ['contractor', 'contract.contractor'],
  ['location', 'contract.location'], ['periodStart', 'contract.periodStart'], ['periodEnd', 'contract.periodEnd'],
  ['department', 'contracts.department']];
const fieldLabel = key => t(FIELDS.find(([k]) => k === key)?.[1] ?? key);

/** The file being previewed ({name, bytes}) and the server's report on it. */
let file = null;
let report = null;

/** @param onImported called with the report once contracts were registered */
export function installContractImport(ctx, { onImported }) {
  const input = $('#import-file');
  input.addEventListener('change', () => {
    if (input.files?.[0]) {
      choose(ctx, input.files[0]);
    }
  });
  const zone = $('#import-drop');
  zone.addEventListener('dragover', e => {
    e.preventDefault();
    zone.classList.add('drop-active');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('drop-active'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('drop-active');
    const dropped = e.dataTransfer?.files?.[0];
    if (dropped) {
      choose(ctx, dropped);
    }
  });
  // a file dropped beside the zone would otherwise be opened by the browser in place of the page
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, e => {
      if (!$('#view-contracts').hidden && e.dataTransfer?.types?.includes('Files')) {
        e.preventDefault();
      }
    });
  }
  $('#import-submit').addEventListener('click', () => submit(ctx, onImported));
  $('#import-reset').addEventListener('click', () => {
    reset();
    input.focus();
  });
  window.addEventListener('langchange', () => {
    if (report) {
      renderPreview();
    }
  });
  return { reset };
}

function reset() {
  file = null;
  report = null;
  $('#import-file').value = '';
  $('#import-preview').hidden = true;
  $('#import-done').hidden = true;
  clearText($('#import-status'));
  clearText($('#import-error'));
}

async function choose(ctx, chosen) {
  reset();
  if (chosen.size > MAX_BYTES) {
    setText($('#import-error'), 'imp.tooLarge', { name: chosen.name });
    return;
  }
  setText($('#import-status'), 'imp.reading', { name: chosen.name });
  const bytes = new Uint8Array(await chosen.arrayBuffer());
  try {
    const r = await ctx.call('/api/contracts/import?dryRun=true', { method: 'POST', raw: { type: 'text/csv', data: bytes } });
    file = { name: chosen.name, bytes };
    report = r;
    clearText($('#import-status'));
    renderPreview();
  } catch (e) {
    clearText($('#import-status'));
    showFailure(e);
  }
}

async function submit(ctx, onImported) {
  const button = $('#import-submit');
  button.disabled = true;
  clearText($('#import-error'));
  setText($('#import-status'), 'imp.importing');
  try {
    const done = await ctx.call('/api/contracts/import', { method: 'POST', raw: { type: 'text/csv', data: file.bytes } });
    reset();
    const banner = $('#import-done');
    setText(banner, done.counts.duplicate ? 'imp.doneSkipped' : 'imp.done',
      { created: done.counts.create, duplicate: done.counts.duplicate });
    banner.hidden = false;
    banner.focus();
    onImported(done);
  } catch (e) {
    clearText($('#import-status'));
    if (e.body?.report) {
      // someone changed the contracts since the preview: the rows as they stand now
      report = e.body.report;
      renderPreview();
      setText($('#import-error'), 'imp.refused', { n: report.counts.error });
    } else {
      showFailure(e);
      button.disabled = false;
    }
  }
}

function showFailure(e) {
  const err = $('#import-error');
  const problem = e.body?.problem;
  if (problem) {
    // Japanese: the server's own sentence says exactly what; English: the same from the problem's args
    setText(err, 'imp.f.' + problem, { ...e.body.problemArgs, message: e.message });
  } else if (e.code === 'message-too-large') {
    setText(err, 'imp.tooLarge', { name: file?.name ?? '' });
  } else if (e.code === 'forbidden') {
    setText(err, 'imp.forbidden');
  } else if (e.code === 'conflict') {
    setText(err, 'imp.conflict');
  } else if (e.code === 'network') {
    setText(err, 'imp.network');
  } else {
    setText(err, 'imp.failed', { message: e.message });
  }
}

const problemText = p => t('imp.p.' + p.code, { ...p.args, field: fieldLabel(p.field) });

function renderPreview() {
  const { counts } = report;
  $('#import-preview').hidden = false;
  setText($('#import-summary'), 'imp.summary', { name: file?.name ?? '', encoding: report.encoding, rows: counts.rows,
    create: counts.create, duplicate: counts.duplicate, error: counts.error });
  const ignored = $('#import-ignored');
  ignored.hidden = !report.ignoredColumns.length;
  if (report.ignoredColumns.length) {
    setText(ignored, 'imp.ignored', { columns: report.ignoredColumns.join('、') });
  }
  const table = $('#import-table');
  table.tHead.replaceChildren(h('tr', {},
    h('th', { scope: 'col', text: t('imp.col.row') }), h('th', { scope: 'col', text: t('imp.col.status') }),
    FIELDS.map(([, key]) => h('th', { scope: 'col', text: t(key) })),
    h('th', { scope: 'col', text: t('imp.col.problems') })));
  table.tBodies[0].replaceChildren(...report.rows.map(renderRow));
  const next = $('#import-next');
  const ready = counts.error === 0 && counts.create > 0;
  setText(next, counts.error ? 'imp.fixErrors' : counts.create ? 'imp.ready' : 'imp.nothingNew',
    { n: counts.error || counts.create });
  next.classList.toggle('form-error', counts.error > 0);
  $('#import-submit').disabled = !ready;
}

function renderRow(r) {
  const faulty = new Set(r.problems.filter(() => r.status === 'ERROR').map(p => p.field));
  return h('tr', { class: 'import-row import-' + r.status.toLowerCase(), dataset: { row: r.row, status: r.status } },
    h('th', { scope: 'row', class: 'num', text: String(r.row) }),
    h('td', {}, h('span', { class: 'status import-status-' + r.status.toLowerCase(), text: t('imp.status.' + r.status) })),
    FIELDS.map(([key]) => h('td', { class: faulty.has(key) ? 'cell-error' : null, dataset: { field: key } }, r.values[key] ?? '')),
    h('td', { class: 'import-problems' }, r.problems.length
      ? h('ul', {}, r.problems.map(p => h('li', { text: problemText(p) })))
      : null));
}
