import { describe, expect, it } from 'vitest';
import { ConnectionHealth } from './connection-health';

describe('ConnectionHealth', () => {
  it('an answer to a call sent before the outage began does not end it; one sent after does, once', () => {
    let t = 1_000;
    let down = true;
    const health = new ConnectionHealth({ probe: async () => { if (down) throw new Error('ECONNREFUSED'); }, minDelayMs: 60_000, now: () => t });
    const heard: string[] = [];
    health.onChange((now) => heard.push(now.status));
    health.failed(new Error('Connection terminated unexpectedly'));
    t = 1_027;
    health.succeeded(990); // in flight when the connections were cut
    expect(health.current.status).toBe('unreachable');
    down = false;
    health.succeeded(1_027);
    expect(health.current.status).toBe('ok');
    expect(heard).toEqual(['unreachable', 'ok']);
    health.close();
  });
});
