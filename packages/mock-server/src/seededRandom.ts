/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on
 * every machine, which keeps fixtures and injected faults reproducible. Not for cryptography.
 */
export class SeededRandom {
  private state: number

  constructor(seed: number) {
    // Fold any number (negative, fractional, large) into a 32-bit state.
    this.state = Math.trunc(seed) >>> 0
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability
  }

  /** One element, uniformly. */
  pick<A>(items: ReadonlyArray<A>): A {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** One element, with probability proportional to its weight. */
  weighted<A>(items: ReadonlyArray<readonly [A, number]>): A {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0)
    let draw = this.next() * total
    for (const [item, weight] of items) {
      draw -= weight
      if (draw < 0) return item
    }
    return items[items.length - 1]![0]
  }

  /** `length` characters drawn from `alphabet`. */
  string(alphabet: string, length: number): string {
    let out = ""
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)]
    return out
  }

  /** A random (version 4 layout) UUID. */
  uuid(): string {
    const hex = this.string(hexDigits, 32)
    const variant = "89ab"[Math.floor(this.next() * 4)]
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${
      hex.slice(20, 32)
    }`
  }
}

/** The characters of a lowercase hexadecimal number. */
export const hexDigits = "0123456789abcdef"

/** ASCII letters and digits. */
export const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
