/** The busiest second of a run's starts, for an honest rate figure (issue 22). */
import { describe, expect, it } from 'vitest';
import { StartWindow } from '../../src/api/start-window.js';

function windowOf(starts: number[]): StartWindow {
  const w = new StartWindow();
  for (const t of starts) w.record(t);
  return w;
}

describe('StartWindow', () => {
  it('counts the most starts within any one second, not the average', () => {
    // 10 starts in 100 ms, then one every second: a 10-start burst, an average near 1/s.
    const burst = Array.from({ length: 10 }, (_, i) => i * 10);
    const w = windowOf([...burst, 1200, 2200, 3200, 4200]);
    expect(w.peakPerSecond).toBe(10);
    expect(w.spanMs).toBe(4200);
  });

  it('lets a start exactly one second later fall out of the window', () => {
    expect(windowOf([0, 1000, 2000]).peakPerSecond).toBe(1);
    expect(windowOf([0, 999]).peakPerSecond).toBe(2);
  });

  it('keeps counting right after trimming its store', () => {
    const starts = Array.from({ length: 5000 }, (_, i) => i * 2); // 500 per second
    expect(windowOf(starts).peakPerSecond).toBe(500);
  });

  it('is empty before any start', () => {
    expect(windowOf([]).peakPerSecond).toBe(0);
    expect(windowOf([]).spanMs).toBe(0);
  });
});
