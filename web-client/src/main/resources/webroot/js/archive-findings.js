// A verification finding as the clerk reads it: a sentence in the page's language made from the
// finding's code and parameters (whose video, which part of the recording in JST), with the verify
// command's English text, the technical detail, behind a 詳細 (Details) disclosure. A finding
// without a code, or with one this page does not know (a newer verifier), is shown as that text.
import { t } from './i18n.js';
import { h } from './dom.js';
import { formatDateTime } from './time.js';
import { formatClockSpan, formatDuration } from './archive-format.js';

/**
 * Warnings about what this archive is configured to check, not about the recording: said as a calm note
 * (the command line still calls them WARNING, where they ask for --key or --tsa-cert).
 */
const NOTES = new Set(['tsa-not-anchored', 'signature-not-anchored']);

/** The i18n key of a code's sentence. */
const key = code => 'finding.' + code;

function known(code) {
  return typeof code === 'string' && code !== '' && t(key(code)) !== key(code);
}

function kindName(kind) {
  return kind === 'video' || kind === 'audio' ? t('arc.track.' + kind) : (kind || '');
}

/** The values a sentence may name; people by the name the signed manifest (or the recording) gives, times in JST. */
function args(f, participants) {
  const p = f.params || {};
  const named = p.participantName || (participants || []).find(x => x.id === p.participant)?.displayName;
  const kind = kindName(p.kind);
  const a = { ...p };
  a.what = named ? t('arc.finding.whose', { name: named, kind: kind || t('arc.finding.recording') })
    : p.track ? t('arc.finding.trackId', { track: p.track, kind: kind || t('arc.finding.recording') })
      : t('arc.finding.recording');
  a.who = named ? t('arc.finding.person', { name: named }) : (p.participant || p.file || '');
  a.span = p.fromMicros && p.toMicros ? formatClockSpan(Number(p.fromMicros), Number(p.toMicros)) : '';
  a.at = p.atMicros ? formatDateTime(new Date(Number(p.atMicros) / 1000)) : '';
  if (a.at && Number(p.accuracyMicros) > 0) {
    a.at += t('arc.finding.accuracy', { value: accuracy(Number(p.accuracyMicros)) }); // as the time-stamp's TSA states it
  }
  // names come one per line, joined as the page's language lists them
  a.names = p.names ? p.names.split('\n').join(t('arc.finding.listSeparator')) : p.names;
  a.sealed = p.sealedMicros ? formatDateTime(new Date(Number(p.sealedMicros) / 1000)) : '';
  a.retired = p.retiredMicros ? formatDateTime(new Date(Number(p.retiredMicros) / 1000)) : '';
  // lengths as h:mm:ss, the same in both languages (the command's text says them in English units)
  a.duration = p.durationMicros ? formatDuration(Number(p.durationMicros) / 1e6) : p.duration;
  a.difference = p.differenceMicros ? formatDuration(Number(p.differenceMicros) / 1e6) : p.difference;
  a.typeLabel = p.type ? t('type.' + p.type) : '';
  a.resultLabel = p.result && t('result.' + p.result) !== 'result.' + p.result ? t('result.' + p.result) : (p.resultLabel || '');
  return a;
}

/** A time-stamp's accuracy in the unit RFC 3161 gives it in (seconds, milliseconds or microseconds). */
function accuracy(micros) {
  if (micros % 1e6 === 0) {
    return t('arc.finding.unit.s', { n: micros / 1e6 });
  }
  return micros % 1000 === 0 ? t('arc.finding.unit.ms', { n: micros / 1000 }) : t('arc.finding.unit.us', { n: micros });
}

/** The sentence for a known code; a value the finding lacks reads as —, never as {name}. */
export function findingSentence(f, participants) {
  const a = args(f, participants);
  return t(key(f.code)).replace(/\{(\w+)\}/g, (m, k) => (a[k] == null || a[k] === '' ? '—' : String(a[k])))
    .replace(/ {2,}/g, ' ');
}

/** The verify command's line for it: what an auditor compares with the command's output. */
export function technicalText(f) {
  return f.subject ? `${f.subject}: ${f.message}` : f.message;
}

/** One list item: the sentence and the detail behind a disclosure, or the text alone when the code is unknown. */
export function findingItem(f, participants) {
  if (!known(f.code)) {
    return h('li', { class: 'finding-' + f.severity }, technicalText(f));
  }
  const cls = NOTES.has(f.code) ? 'finding-note' : 'finding-' + f.severity;
  return h('li', { class: cls, dataset: { code: f.code } },
    h('span', { class: 'finding-text' }, findingSentence(f, participants)),
    h('details', { class: 'finding-detail' },
      h('summary', { 'data-i18n': 'arc.finding.details' }, t('arc.finding.details')),
      h('code', {}, technicalText(f))));
}
