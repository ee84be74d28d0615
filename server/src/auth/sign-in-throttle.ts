/**
 * Failed sign-ins counted per username and per client address in a sliding window. Past either
 * limit every attempt is refused (429) until the window moves on, the right password included, so
 * guessing cannot go on at full speed against one account or from one address.
 *
 * The counters live in this process's memory: right for the one-process design (decision 0001),
 * and a restart forgets them. Several API replicas (the scale-out path in DESIGN.md) would each
 * count on their own, multiplying the limits by the replica count; they would need a shared
 * counter (a table in the catalogue database) instead.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxPerUser: number,
    private readonly maxPerIp: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait when blocked, 0 when an attempt may go ahead. */
  blockedFor(username: string, ip: string): number {
    const user = this.recent(`u:${username}`);
    const addr = this.recent(`i:${ip}`);
    const blocking = [user.length >= this.maxPerUser ? user : null, addr.length >= this.maxPerIp ? addr : null].filter((l): l is number[] => l !== null);
    if (!blocking.length) return 0;
    const until = Math.max(...blocking.map((l) => l[l.length - (l === user ? this.maxPerUser : this.maxPerIp)] + this.windowMs));
    return Math.max(1, Math.ceil((until - this.now()) / 1000));
  }

  fail(username: string, ip: string): void {
    const t = this.now();
    for (const key of [`u:${username}`, `i:${ip}`]) this.failures.set(key, [...this.recent(key), t]);
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username}`);
  }
}
