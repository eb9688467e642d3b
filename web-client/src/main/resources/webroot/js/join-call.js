// The contractor's call: joins with the invitation, publishes the phone's camera and microphone, hears
// (and, if the inspector sends one, sees) the inspector; recording and connection state, chat, remote
// stills and the inspector's pointing; leaving, and what the page says when the call closes by itself.
import { RinjoClient } from './rinjo-client.js';
import { t, setText, clearText } from './i18n.js';
import { $, showView } from './dom.js';
import { keepScreenOn } from './media.js';
import { phoneStills } from './phone-stills.js';
import { recordingIndicator, reconnectBanner, qualityMonitor, chatPanel, RemoteMedia } from './call-ui.js';
import { showPointing } from './pointer-contractor.js';
import { FATAL, token, camera, call, guest, stopMedia } from './join-state.js';
import { startPreview } from './join-lobby.js';
import { showError, showEnd, showOutcome } from './join-screens.js';
import {
  renderMediaWarning, recoverCameraAfterPhoto, showSelf, toggleMic, switchCamera, updateCameraControls, toggleTorch,
} from './join-camera.js';

export async function join() {
  const button = $('#join-button');
  const err = $('#join-error');
  clearText(err);
  // one dead track is enough: publishing a stream whose camera has ended sends no video at all
  if (!camera.stream || camera.lost.size || camera.stream.getTracks().some(tr => tr.readyState === 'ended')) {
    if (!(await startPreview())) {
      setText(err, 'lobby.needCamera');
      return;
    }
  }
  button.disabled = true;
  setText(button, 'lobby.joining');
  if (!call.client) {
    call.client = new RinjoClient({ invitation: token });
    window.__rinjo?.attach(call.client);
    wireCall(call.client);
  }
  const client = call.client;
  try {
    await client.connect();
  } catch (e) {
    button.disabled = false;
    setText(button, 'lobby.join');
    if (FATAL.has(e.code)) {
      showError(e.code);
    } else {
      setText(err, 'lobby.connectFailed');
    }
    return;
  }
  call.joined = true;
  showView('view-call');
  showSelf();
  updateCameraControls();
  renderMediaWarning();
  call.releaseScreen = keepScreenOn();
  call.quality = qualityMonitor($('#quality'), client, 'send');
  try {
    await client.publish(camera.stream);
  } catch (e) {
    if (client.state !== 'closed') {
      call.publishProblem = e.code === 'media-unavailable' ? 'call.mediaUnavailable' : 'call.publishFailed';
      renderMediaWarning();
    }
  }
}

function wireCall(client) {
  const inspectorIds = () => [...client.participants.values()].filter(p => p.role === 'INSPECTOR').map(p => p.participantId);
  call.remote = new RemoteMedia({
    main: $('#remote-main'), placeholder: $('#remote-placeholder'), tiles: $('#remote-tiles'), audio: $('#remote-audio'),
    onAudioBlocked: () => { $('#audio-resume').hidden = false; },
  }, client, id => inspectorIds().includes(id));
  recordingIndicator($('#rec-indicator'), client);
  reconnectBanner($('#reconnect-banner'), client);
  call.pointing = showPointing(client, { view: $('#self-view'), host: $('#self-toggle'), live: $('.call-contractor .stage') });
  // stills are the contractor's (the server takes them from no other guest, e.g. an observer on a phone)
  $('#btn-still').hidden = guest.lobby.role !== 'CONTRACTOR';
  if (guest.lobby.role === 'CONTRACTOR') {
    call.stills = phoneStills({ button: $('#btn-still'), status: $('#still-status'), flash: $('#still-flash') }, client,
      { invitation: token, track: () => camera.videoTrack, recover: recoverCameraAfterPhoto });
  }
  chatPanel({ log: $('#chat-log'), form: $('#chat-form'), input: $('#chat-input'), status: $('#chat-status'),
    badge: $('#chat-badge'), details: $('#chat-details') }, client);
  const placeholder = () => {
    const inspector = [...client.participants.values()].find(p => p.role === 'INSPECTOR');
    setText($('#placeholder-text'), inspector ? 'call.inspectorAudio' : 'call.waitingInspector',
      { name: inspector?.displayName ?? guest.lobby.session.inspectorName });
  };
  client.addEventListener('welcome', placeholder);
  client.addEventListener('presence', placeholder);
  client.addEventListener('publishState', e => {
    if (e.detail.state === 'connected') {
      call.publishProblem = null;
      renderMediaWarning();
    }
  });
  // A refusal after a reconnect (or on a later try) is said as loudly as the first one: the banner's
  // "再接続しました" alone would tell the contractor all is well while nothing is sent or recorded.
  client.addEventListener('error', e => {
    if (e.detail.code === 'media-unavailable' && call.joined && !call.over) {
      call.publishProblem = 'call.mediaUnavailable';
      renderMediaWarning();
    }
  });
  client.addEventListener('session', e => {
    if (e.detail.status === 'ENDED' || e.detail.status === 'CANCELLED') {
      showEnd(e.detail);
    }
  });
  client.addEventListener('state', e => {
    if (e.detail.state === 'closed') {
      onClosed(e.detail.reason);
    }
  });
  $('#btn-mic').addEventListener('click', toggleMic);
  $('#btn-switch').addEventListener('click', switchCamera);
  $('#btn-torch').addEventListener('click', toggleTorch);
  $('#zoom').addEventListener('input', e => {
    $('#zoom-value').textContent = Number(e.target.value).toFixed(1) + '×';
    camera.setZoom(e.target.value).catch(() => {});
  });
  // While nobody sends the phone a picture (the usual case: the inspector's office PC has no camera),
  // the phone's own view is the large one: it is what is sent and recorded, and where the inspector
  // points. A picture from the inspector takes the stage back; a tap on the own view decides from then on.
  let sizeChosen = false;
  const setSelfLarge = big => {
    $('.call-contractor .stage').classList.toggle('self-large', big);
    $('#self-toggle').setAttribute('aria-pressed', String(big));
  };
  const fitStage = () => sizeChosen || setSelfLarge(!$('#remote-placeholder').hidden);
  new MutationObserver(fitStage).observe($('#remote-placeholder'), { attributes: true, attributeFilter: ['hidden'] });
  fitStage();
  $('#self-toggle').addEventListener('click', () => {
    sizeChosen = true;
    setSelfLarge(!$('.call-contractor .stage').classList.contains('self-large'));
  });
  $('#audio-resume').addEventListener('click', () => {
    call.remote.resumeAudio();
    $('#audio-resume').hidden = true;
  });
  $('#btn-leave').addEventListener('click', () => {
    const d = $('#leave-dialog');
    if (typeof d.showModal === 'function') {
      d.returnValue = '';
      d.showModal();
    } else if (window.confirm(t('leave.title'))) {
      leave();
    }
  });
  $('#leave-dialog').addEventListener('close', e => {
    if (e.target.returnValue === 'leave') {
      leave();
    }
  });
}

async function leave() {
  call.over = true;
  await call.client?.leave();
  stopMedia();
  showView('view-left');
}

function onClosed(reason) {
  if (call.over || !call.joined) { // before the first join, join() reports failures itself
    return;
  }
  if (reason === 'session-ended' || reason === 'session-cancelled') {
    showEnd({ status: reason === 'session-ended' ? 'ENDED' : 'CANCELLED' });
    if (!$('#view-end').dataset.result) {
      showOutcome(); // the news of the result did not come before the bye (a bad link at that moment)
    }
  } else if (reason === 'replaced') {
    stopMedia();
    showError('replaced');
  } else if (FATAL.has(reason)) {
    stopMedia();
    showError(reason);
  } else if (reason !== 'left') {
    stopMedia();
    showError('disconnected');
  }
}
