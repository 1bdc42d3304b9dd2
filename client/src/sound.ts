/** The "you have the floor" chime: two short WebAudio tones, no asset to download. */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume();
  return context;
}

/** Call from a click (turning the sound on) so the browser lets the page play later. */
export function unlockSound(): void {
  audio();
}

/** The "you have the floor" chime: two rising tones. */
export function chime(): void {
  tones([660, 880]);
}

/** A point of order for the moderator: three falling tones, unlike the chime. */
export function alarm(): void {
  tones([988, 784, 988]);
}

function tones(frequencies: readonly number[]): void {
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime + 0.02;
  frequencies.forEach((frequency, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const t0 = start + i * 0.18;
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.25, t0 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t0 + 0.18);
  });
}
