// Which contractor's video the inspector sees large (the stage), when two or more phones stream: one
// button per contractor whose video has come, the one on the stage pressed; a click on a contractor's
// small video does the same. The stage is also what he points on (pointer-inspector.js): a mark goes to
// the phone whose picture it was drawn on, and to no other.
import { h } from './dom.js';

let picker = null;

/** Follows this call's remote videos (one set-up per page, following the latest call). */
export function pickStage(box, tiles, remote, client) {
  picker ??= new StagePicker(box, tiles);
  picker.remote = remote;
  picker.client = client;
  picker.render();
  return picker;
}

class StagePicker {
  constructor(box, tiles) {
    this.box = box;
    this.list = box.querySelector('.stage-choices');
    this.remote = null;
    this.client = null;
    tiles.addEventListener('click', e => {
      const id = e.target.closest('video')?.dataset.participant;
      if (id && this.remote?.stageChoices().ids.includes(id)) {
        this.remote.choose(id);
      }
    });
  }

  /** The buttons are kept, not rebuilt: the one just pressed keeps the keyboard's focus. */
  render() {
    const { ids, onStage } = this.remote?.stageChoices() ?? { ids: [], onStage: null };
    this.box.hidden = ids.length < 2;
    const kept = new Map([...this.list.children].map(b => [b.dataset.participant, b]));
    const buttons = ids.map(id => kept.get(id) ?? h('button', { type: 'button', class: 'btn btn-small btn-secondary stage-choice',
      dataset: { participant: id }, on: { click: () => this.remote?.choose(id) } }));
    for (const b of buttons) {
      const id = b.dataset.participant;
      b.textContent = this.client?.participants.get(id)?.displayName || id;
      b.setAttribute('aria-pressed', String(id === onStage));
    }
    if (buttons.length !== this.list.children.length || buttons.some((b, i) => this.list.children[i] !== b)) {
      this.list.replaceChildren(...buttons);
    }
  }
}
