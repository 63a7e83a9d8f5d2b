// A short two-tone beep for a new order. Browsers only let a page play sound after a user gesture,
// hence the "Sound" toggle: turning it on creates/resumes the AudioContext inside that click.

export class Beeper {
  constructor(storageKey) {
    this.storageKey = storageKey;
    this.context = null;
    this.enabled = localStorage.getItem(storageKey) === 'on';
    if (this.enabled) {
      // Remembered as on: the context can only start at the first gesture on the page.
      const unlock = () => { this.ensure(); removeEventListener('pointerdown', unlock); removeEventListener('keydown', unlock); };
      addEventListener('pointerdown', unlock);
      addEventListener('keydown', unlock);
    }
  }

  ensure() {
    const Context = window.AudioContext ?? window.webkitAudioContext;
    if (!Context) return null;
    this.context ??= new Context();
    if (this.context.state === 'suspended') this.context.resume().catch(() => {});
    return this.context;
  }

  /** Flips the toggle (call from a click handler); returns the new state. */
  toggle() {
    this.enabled = !this.enabled;
    localStorage.setItem(this.storageKey, this.enabled ? 'on' : 'off');
    if (this.enabled) this.play();
    return this.enabled;
  }

  play() {
    if (!this.enabled) return;
    const context = this.ensure();
    if (!context || context.state !== 'running' && context.state !== 'suspended') return;
    const start = context.currentTime + 0.01;
    for (const [offset, frequency] of [[0, 880], [0.14, 1320]]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, start + offset + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.12);
      osc.connect(gain).connect(context.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.13);
    }
  }
}
