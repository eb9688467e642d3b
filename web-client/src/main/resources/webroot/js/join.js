// The contractor's page (受注者): opened from the invitation link https://host/join/#<token> on a
// phone. Lobby (what, when, who, the recording notice, rear-camera preview) → call (publishes the
// camera and microphone, hears the inspector) → end screen. Clear screens for a link that is expired,
// withdrawn, not open yet or whose session is over. One tab of the link at a time holds the camera and
// the call: a tab opened later takes them over (tab-handover.js), and the older one can take them back.
// This module starts the page; its parts: join-lobby.js, join-call.js, join-camera.js, join-screens.js
// (what they share: join-state.js).
import { applyI18n, installLangToggle } from './i18n.js';
import { $, showView, markStarted } from './dom.js';
import { installTestHookIfAsked } from './call-ui.js';
import { token, camera, call, guest, onTakenAway } from './join-state.js';
import { loadLobby, renderLobby, startPreview, giveWay, copyLink } from './join-lobby.js';
import { join } from './join-call.js';
import { onTrackState, restartMedia, followShot } from './join-camera.js';
import { showError, showErrorTime, showResult } from './join-screens.js';

onTakenAway(giveWay);

async function main() {
  applyI18n();
  installLangToggle($('#lang-toggle'));
  installTestHookIfAsked(() => call);
  $('#error-retry').addEventListener('click', () => location.reload());
  $('#error-takeback').addEventListener('click', takeBack);
  $('#preview-retry').addEventListener('click', startPreview);
  $('#preview-copy').addEventListener('click', copyLink);
  $('#join-button').addEventListener('click', join);
  $('#media-restart').addEventListener('click', restartMedia);
  camera.addEventListener('trackstate', onTrackState);
  followShot($('#lobby-preview'), $('#lobby-preview'));
  followShot($('#self-view'), $('#self-toggle'));
  $('#rejoin').addEventListener('click', () => location.reload());
  window.addEventListener('langchange', () => guest.lobby && renderLobby());
  // texts with a translated word or a formatted time inside are drawn again in the new language
  window.addEventListener('langchange', () => {
    if (!$('#view-end').hidden) {
      showResult($('#view-end').dataset.status, $('#view-end').dataset.result);
    }
    if (!$('#view-error').hidden) {
      showErrorTime($('#view-error').dataset.code);
    }
  });
  if (!/^[a-z0-9]{1,8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
    showError('token-invalid');
    return;
  }
  await loadLobby();
}

/** 「この画面で続ける」: the same handover the other way; back into the call if this tab was in it. */
async function takeBack() {
  const button = $('#error-takeback');
  button.disabled = true;
  const wasInCall = call.joined && !call.over;
  showView('view-lobby', { focus: false });
  if ((await startPreview()) && wasInCall) {
    await join();
  }
}

markStarted();
main();
