// The contracts (#/contracts): the department's contracts (an admin's: all), newest first, found by
// part of 契約番号・工事名・受注者; and, for whoever may register contracts, their import from a CSV
// file (contract-import.js). Clerks read the list; the server refuses them the import anyway.
import { t, setText } from './i18n.js';
import { $, h, showView } from './dom.js';
import { installContractImport } from './contract-import.js';

const PAGE = 50;
/** What is listed, the search it answers, and whether the server has more. */
const list = { contracts: [], q: '', more: false };

/** @param ctx.getAuth the login; ctx.call the API with it (a lapsed login brings the login form back) */
export function installContractsPage(ctx) {
  const importer = installContractImport(ctx, {
    onImported: () => {
      $('#contracts-q').value = '';
      load(ctx, '');
    },
  });
  $('#contracts-search').addEventListener('submit', e => {
    e.preventDefault();
    load(ctx, $('#contracts-q').value.trim());
  });
  $('#contracts-more').addEventListener('click', () => load(ctx, list.q, list.contracts.length));
  window.addEventListener('langchange', () => {
    if (!$('#view-contracts').hidden) {
      render();
    }
  });
  return {
    show() {
      $('#contract-import').hidden = ctx.getAuth()?.user?.role === 'CLERK';
      importer.reset();
      showView('view-contracts');
      load(ctx, $('#contracts-q').value.trim());
    },
  };
}

async function load(ctx, q, offset = 0) {
  const status = $('#contracts-status');
  setText(status, 'common.loading');
  let page;
  try {
    page = await ctx.call(`/api/contracts?limit=${PAGE + 1}&offset=${offset}` + (q ? '&q=' + encodeURIComponent(q) : ''));
  } catch {
    setText(status, 'contracts.loadFailed');
    return;
  }
  list.q = q;
  list.more = page.length > PAGE;
  list.contracts = (offset ? list.contracts : []).concat(page.slice(0, PAGE));
  render();
}

function render() {
  const { contracts, q, more } = list;
  const status = $('#contracts-status');
  $('#contracts-more').hidden = !more;
  if (!contracts.length) {
    setText(status, q ? 'contracts.noneFound' : 'contracts.none');
    $('#contracts-list').replaceChildren();
    return;
  }
  setText(status, more ? 'contracts.countMore' : 'contracts.count', { n: contracts.length });
  const head = ['contract.no', 'field.contractName', 'contract.contractor', 'contracts.period', 'contract.location', 'contracts.department'];
  $('#contracts-list').replaceChildren(h('table', { class: 'sessions contracts-table' },
    h('caption', { class: 'visually-hidden', text: t('contracts.title') }),
    h('thead', {}, h('tr', {}, head.map(k => h('th', { scope: 'col', text: t(k) })))),
    h('tbody', {}, contracts.map(c => h('tr', { dataset: { no: c.no } },
      h('td', { class: 'strong', text: c.no }),
      h('td', { text: c.name }),
      h('td', { text: c.contractor }),
      h('td', { class: 'nowrap', text: t('contracts.periodRange', { start: c.periodStart, end: c.periodEnd }) }),
      h('td', { text: c.location }),
      h('td', { text: c.department }))))));
}
