// One recording of the archive: its rendition played from the server with range requests (the
// browser seeks by asking for the bytes it needs), a timeline of what was recorded per track with
// gaps, interruptions and markers (click it, or use the position slider, to seek), the facts of the
// inspection, verification with the same verifier as the command line; the evidence export with its
// progress (archive-export.js); the evidence copy of the video being played (archive-evidence-copy.js); what the
// inspector pointed at, drawn over the video of the contractor it was drawn on at its moment (archive-annotations.js).
// Verification findings are said as sentences from their codes (archive-findings.js), those of the last
// verification, kept by the index, as soon as the page opens.
// A language switch draws the page again from the recording's data (codes and times formatted then).
import { t, setText, clearText } from './i18n.js';
import { $, h, showView } from './dom.js';
import { formatDateTime, formatRange } from './time.js';
import { formatDuration, formatBytes, formatClock, formatClockSpan, integrityChip } from './archive-format.js';
import { evidenceCopyFor, stopEvidenceCopy } from './archive-evidence-copy.js';
import { startExport, stopExport, clearExport } from './archive-export.js';
import { findingItem } from './archive-findings.js';
import { renderStills, clearStills } from './archive-stills.js';
import { renderLateRecord, clearLateRecord } from './archive-late-result.js';
import { renderAnnotations, clearAnnotations, followPlayer, annotationLane, siteRendition } from './archive-annotations.js';

const view = { id: null, detail: null, integrity: null, verified: null, rendition: null, site: null, call$: null, dragging: false,
  deploymentKey: null };

export function leaveRecording() {
  const video = $('#player');
  if (video && !video.paused) {
    video.pause();
  }
  stopExport();
  stopEvidenceCopy();
  clearStills();
  clearAnnotations();
  view.id = null;
}

export async function showRecording(id, { call$, backHash }) {
  leaveRecording();
  view.id = id;
  view.verified = null;
  view.call$ = call$;
  $('#rec-back').setAttribute('href', backHash || '#/');
  showView('view-recording', { focus: false });
  $('#rec-error').hidden = true;
  clearLateRecord();
  clearText($('#verify-result'));
  $('#verify-findings').replaceChildren();
  clearExport();
  let detail;
  try {
    detail = await call$('/api/archive/recordings/' + encodeURIComponent(id));
  } catch (e) {
    setText($('#rec-error'), 'arc.loadFailed', { message: e.message });
    $('#rec-error').hidden = false;
    $('#rec-title').textContent = id;
    return;
  }
  if (view.id !== id) {
    return; // the user went elsewhere meanwhile
  }
  view.detail = detail;
  view.integrity = detail.recording.integrity;
  renderTitle(detail);
  $('#rec-title').focus?.();
  renderSummary(detail);
  renderLateRecord(detail);
  renderParticipants(detail);
  renderIntegrity(view.integrity);
  renderFindings();
  renderEvidence(detail);
  loadDeploymentKey(id);
  renderRenditions(detail);
  renderTimeline(detail);
  renderStills(detail);
  renderAnnotations(detail, { seek: seekOnSite });
}

function renderTitle(d) {
  const r = d.recording;
  $('#rec-title').textContent = t('arc.recTitle', { name: r.contract.name || r.contract.no, type: t('type.' + r.inspectionType) });
}

/** Everything built from the recording's data, in the language just chosen; the video plays on. */
function redraw() {
  const d = view.detail;
  renderTitle(d);
  renderSummary(d);
  renderLateRecord(d);
  renderParticipants(d);
  renderIntegrity(view.integrity);
  renderFindings();
  renderEvidence(d);
  for (const option of $('#rendition-select').options) {
    const r = d.renditions.find(x => x.participantId === option.value);
    option.textContent = t('arc.videoLabel', { name: r.participantName || r.participantId });
  }
  if (view.rendition) {
    $('#player').setAttribute('aria-label', t('arc.videoLabel', { name: view.rendition.participantName || view.rendition.participantId }));
  }
  renderTimeline(d);
  renderStills(d);
  renderAnnotations(d, { seek: seekOnSite });
}

function wire() {
  const video = $('#player');
  followPlayer(video, $('#player-stage'), {
    where: () => (view.rendition ? videoStartWall() + video.currentTime * 1e6 : null),
    playing: () => view.rendition?.participantId ?? null,
  });
  video.addEventListener('timeupdate', movePlayhead);
  video.addEventListener('loadedmetadata', () => {
    const seek = $('#timeline-seek');
    seek.max = Number.isFinite(video.duration) ? String(video.duration) : seek.max;
    clearText($('#player-status'));
  });
  video.addEventListener('error', () => {
    if (video.getAttribute('src')) {
      setText($('#player-status'), 'arc.playError');
    }
  });
  const seek = $('#timeline-seek');
  seek.addEventListener('input', () => {
    view.dragging = true;
    video.currentTime = Number(seek.value);
  });
  seek.addEventListener('change', () => {
    view.dragging = false;
  });
  $('#timeline').addEventListener('click', e => {
    const bar = e.target.closest('.lane-bar');
    const tl = view.detail?.timeline;
    if (!bar || !tl) {
      return;
    }
    const box = bar.getBoundingClientRect();
    const wall = tl.startWallMicros + (e.clientX - box.left) / box.width * (tl.endWallMicros - tl.startWallMicros);
    seekToWall(wall);
  });
  $('#rendition-select').addEventListener('change', e => {
    view.rendition = view.detail.renditions.find(x => x.participantId === e.target.value);
    loadVideo();
  });
  $('#verify').addEventListener('click', verify);
  $('#export').addEventListener('click', () => startExport(view.id, view.call$));
  window.addEventListener('langchange', () => {
    if (view.id && view.detail && !$('#view-recording').hidden) {
      redraw();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The facts

function item(key, value) {
  return value == null || value === '' ? null
    : h('div', {}, h('dt', { 'data-i18n': key }, t(key)), h('dd', {}, value));
}

function renderSummary(d) {
  const r = d.recording;
  const ret = d.retention;
  $('#rec-summary').replaceChildren(...[
    item('contract.no', r.contract.no),
    item('field.contractName', r.contract.name),
    item('contract.contractor', r.contract.contractor),
    item('arc.department', r.contract.department),
    item('field.inspectionType', t('type.' + r.inspectionType)),
    item('arc.summary.recorded', formatRange(r.recordedFrom, r.recordedTo)),
    item('arc.summary.window', d.windowStart ? formatRange(d.windowStart, d.windowEnd) : null),
    item('arc.summary.place', r.place),
    item('field.inspector', r.inspectorName),
    // beside a late record (事後記録), the summary's result says it is the signed one
    item(d.lateResult ? 'arc.summary.signedResult' : 'arc.summary.result', r.result ? t('result.' + r.result) : null),
    item('arc.summary.length', formatDuration(r.durationSeconds)),
    item('arc.summary.size', formatBytes(r.sizeBytes)),
    item('arc.summary.retention', t('arc.retentionUntil', { until: formatDateTime(ret.until), years: ret.years })),
    item('arc.summary.hold', ret.legalHold ? t('arc.holdOn', { reason: ret.holdReason || '' }) : t('arc.holdOff')),
  ].filter(Boolean));
}

function renderParticipants(d) {
  $('#rec-participants').replaceChildren(...d.participants.map(p => h('li', {},
    h('span', { class: 'p-name' }, p.displayName || p.id), ' ',
    p.role ? h('span', { class: 'p-role' }, t('role.' + p.role) !== 'role.' + p.role ? t('role.' + p.role) : p.role) : null)));
}

// What an auditor needs from here rather than from a package: the key to verify with and the manifest's hash.
// The deployment key is fetched once per page (it is the archive's, not the recording's).
async function loadDeploymentKey(id) {
  if (view.deploymentKey && view.deploymentKey.keyId) {
    return;
  }
  try {
    view.deploymentKey = await view.call$('/api/archive/deployment-key');
  } catch (e) {
    view.deploymentKey = { error: e.status === 404 ? null : e.message };
  }
  if (view.id === id) {
    renderEvidence(view.detail);
  }
}

function renderEvidence(d) {
  const ev = d.evidence;
  const k = view.deploymentKey;
  const deployment = !k ? t('common.loading') : k.keyId ? k.keyId
    : k.error ? t('arc.deploymentKeyError', { message: k.error }) : t('arc.deploymentKeyNone');
  $('#rec-evidence').replaceChildren(...[
    item('arc.manifestSha256', ev.manifestSha256),
    item('arc.signingKeyId', ev.signingKeyId),
    item('arc.deploymentKeyId', deployment),
    k && k.keyId ? item('arc.keyCheck', t(k.keyId === ev.signingKeyId ? 'arc.keyMatch' : 'arc.keyMismatch')) : null,
  ].filter(Boolean));
}

function renderIntegrity(i) {
  $('#integrity-status').replaceWith(Object.assign(integrityChip(i.status), { id: 'integrity-status' }));
  if (i.checkedAt) {
    setText($('#integrity-checked'), 'arc.checkedAt', { time: formatDateTime(i.checkedAt) });
  } else {
    clearText($('#integrity-checked'));
  }
}

/**
 * What the verification found: right after 検証する everything it said (the facts too when nothing is
 * wrong); otherwise the errors and warnings of the last verification as the index keeps them, or, for
 * a result kept before findings were, its text.
 */
function renderFindings() {
  const list = $('#verify-findings');
  const r = view.verified;
  const people = view.detail?.participants;
  if (r) {
    if (r.status === 'OK') {
      setText($('#verify-result'), 'arc.verifyOk', { verified: r.segmentsVerified, listed: r.segmentsListed });
    } else {
      setText($('#verify-result'), 'arc.verifyFailed', { count: r.findings.filter(f => f.severity === 'ERROR').length });
    }
    list.replaceChildren(...r.findings.filter(f => f.severity !== 'INFO' || r.status === 'OK').map(f => findingItem(f, people)));
    return;
  }
  const i = view.integrity;
  const findings = i.findings || [];
  if (i.status === 'FAILED' && findings.length > 0) {
    setText($('#verify-result'), 'arc.lastFailed', { count: i.errors ?? findings.filter(f => f.severity === 'ERROR').length });
  } else if (i.status === 'FAILED') {
    setText($('#verify-result'), 'arc.lastFailedText');
  } else {
    clearText($('#verify-result'));
  }
  list.replaceChildren(...(findings.length > 0 ? findings.map(f => findingItem(f, people))
    : i.status === 'FAILED' && i.detail ? i.detail.split('\n').map(line => h('li', { class: 'finding-ERROR' }, line)) : []));
}

// ---------------------------------------------------------------------------------------------
// Playback and timeline

function renderRenditions(d) {
  const select = $('#rendition-select');
  const withVideo = d.renditions.filter(r => r.width > 0);
  // the site (the contractor's camera) first: what the inspection looked at, and what was pointed at
  view.site = siteRendition(d);
  view.rendition = view.site || withVideo[0] || d.renditions[0] || null;
  select.replaceChildren(...d.renditions.map(r => h('option', { value: r.participantId },
    t('arc.videoLabel', { name: r.participantName || r.participantId }))));
  $('#rendition-field').hidden = d.renditions.length < 2;
  if (view.rendition) {
    select.value = view.rendition.participantId;
  }
  loadVideo();
}

function loadVideo() {
  const video = $('#player');
  const r = view.rendition;
  evidenceCopyFor(view.id, r, view.call$);
  if (!r) {
    video.removeAttribute('src');
    video.load();
    setText($('#player-status'), 'arc.noRendition');
    return;
  }
  clearText($('#player-status'));
  video.setAttribute('aria-label', t('arc.videoLabel', { name: r.participantName || r.participantId }));
  video.src = r.url;
  $('#timeline-seek').max = String(r.durationMicros / 1e6);
  $('#timeline-seek').value = '0';
}

/** The recording time (node clock, µs) that the video's position 0 stands for. */
function videoStartWall() {
  const r = view.rendition;
  return r && r.startWallMicros > 0 ? r.startWallMicros : view.detail?.timeline?.startWallMicros || 0;
}

function seekToWall(wall) {
  const video = $('#player');
  if (!view.rendition) {
    return;
  }
  const max = Number.isFinite(video.duration) ? video.duration : view.rendition.durationMicros / 1e6;
  video.currentTime = Math.min(Math.max(0, (wall - videoStartWall()) / 1e6), max);
}

/**
 * Shows a contractor's video (what was pointed at: that participant's, else the first contractor's) from a recording
 * time, switching to it if another plays, and brings it into view: the list that asks for it is further down the page.
 */
function seekOnSite(wall, participantId) {
  const on = view.detail?.renditions.find(r => r.participantId === participantId && r.width > 0) || view.site;
  if (on && view.rendition !== on) {
    view.rendition = on;
    $('#rendition-select').value = on.participantId;
    loadVideo();
  }
  seekToWall(wall);
  $('#player').scrollIntoView({ block: 'nearest' });
}

function movePlayhead() {
  const tl = view.detail?.timeline;
  const video = $('#player');
  if (!view.dragging) {
    $('#timeline-seek').value = String(video.currentTime);
  }
  const head = $('#timeline .playhead');
  if (!tl || !head) {
    return;
  }
  const span = Math.max(1, tl.endWallMicros - tl.startWallMicros);
  const p = Math.min(1, Math.max(0, (videoStartWall() + video.currentTime * 1e6 - tl.startWallMicros) / span));
  head.style.left = `calc(9.5rem + (100% - 9.5rem) * ${p})`;
}

function renderTimeline(d) {
  const tl = d.timeline;
  const box = $('#timeline');
  if (!tl) {
    box.replaceChildren();
    $('#gap-list').replaceChildren();
    $('#legend-annotation').hidden = true;
    return;
  }
  const span = Math.max(1, tl.endWallMicros - tl.startWallMicros);
  const pct = w => `${Math.min(100, Math.max(0, (w - tl.startWallMicros) / span * 100))}%`;
  const width = (a, b) => `${Math.max(0, (Math.min(b, tl.endWallMicros) - Math.max(a, tl.startWallMicros)) / span * 100)}%`;
  const lanes = tl.lanes.map(l => h('div', { class: 'lane' },
    h('span', { class: 'lane-label', title: `${l.participantName || l.participantId} · ${trackKind(l.kind)} (${l.trackId})` },
      `${l.participantName || l.participantId} · ${trackKind(l.kind)}`),
    h('div', { class: 'lane-bar' },
      ...l.recorded.map(s => h('span', { class: 'span-recorded', style: `left:${pct(s.fromWallMicros)};width:${width(s.fromWallMicros, s.toWallMicros)}` })),
      ...tl.gaps.filter(g => g.track === l.trackId).map(g => h('span', {
        class: g.type === 'interruption' ? 'span-interruption' : 'span-gap',
        style: `left:${pct(g.fromWallMicros)};width:${width(g.fromWallMicros, g.toWallMicros)}`,
      })),
      ...tl.markers.filter(m => m.atWallMicros > 0).map(m => h('span', { class: 'marker-tick', style: `left:${pct(m.atWallMicros)}` })))));
  box.replaceChildren(...lanes, ...[annotationLane(tl, pct, width)].filter(Boolean), h('span', { class: 'playhead', style: 'left:9.5rem' }));
  $('#legend-annotation').hidden = !(tl.annotations?.length > 0);
  $('#timeline-start').textContent = formatClock(tl.startWallMicros);
  $('#timeline-end').textContent = formatClock(tl.endWallMicros);
  const lane = id => tl.lanes.find(l => l.trackId === id);
  $('#gap-list').replaceChildren(...(tl.gaps.length === 0 ? [h('li', { 'data-i18n': 'arc.noGaps' }, t('arc.noGaps'))]
    : tl.gaps.map(g => h('li', {}, t('arc.gapItem', {
      span: formatClockSpan(g.fromWallMicros, g.toWallMicros), kind: t('arc.kind.' + g.type),
      track: lane(g.track) ? `${lane(g.track).participantName || ''} ${trackKind(lane(g.track).kind)}`.trim() : g.track,
      reason: g.reason || '',
    })))));
  const marks = [...tl.markers, ...tl.stills];
  $('#markers-block').hidden = marks.length === 0;
  $('#marker-list').replaceChildren(...marks.map(m => h('li', {}, m.atWallMicros > 0
    ? h('button', { type: 'button', class: 'btn btn-small btn-secondary', on: { click: () => seekToWall(m.atWallMicros) } },
      `${formatClock(m.atWallMicros)} ${m.label || ''}`.trim())
    : (m.label || JSON.stringify(m.data)))));
  movePlayhead();
}

function trackKind(kind) {
  return kind === 'video' || kind === 'audio' ? t('arc.track.' + kind) : kind;
}

// ---------------------------------------------------------------------------------------------
// Verify (the export is archive-export.js)

async function verify() {
  const button = $('#verify');
  const id = view.id;
  button.disabled = true;
  setText($('#verify-result'), 'arc.verifying');
  $('#verify-findings').replaceChildren();
  try {
    const r = await view.call$('/api/archive/recordings/' + encodeURIComponent(id) + '/verify', { method: 'POST' });
    if (view.id !== id) {
      return;
    }
    view.integrity = { status: r.status, checkedAt: r.checkedAt, findings: r.findings.filter(f => f.severity !== 'INFO') };
    view.verified = r;
    renderIntegrity(view.integrity);
    renderFindings();
  } catch (e) {
    setText($('#verify-result'), 'arc.verifyError', { message: e.message });
  } finally {
    button.disabled = false;
  }
}

wire();
