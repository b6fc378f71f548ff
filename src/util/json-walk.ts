import type { JsonValue } from "./json.js";

/**
 * The pending values of a walk over a JSON payload, last added first, each an entry: its value,
 * its key or index in its parent, its parent's entry (-1 for the payload), and a note the walk
 * keeps with it (a depth, the nearest key above...). A value's path is spelled out only when
 * asked for (`pathOf`), so a walk makes no object per value: every value of every payload goes
 * through one. A stack is reused by one walk at a time, its arrays written by index so that they
 * keep their room; `clear` lets go of the values, and of the room after a walk of more than
 * KEPT_ENTRIES values (a pasted data dump), so that a long watch session never holds on to it.
 */
export class JsonWalkStack<Note> {
  private readonly values: (JsonValue | undefined)[] = [];
  private readonly steps: (string | number)[] = [];
  private readonly parents: number[] = [];
  private readonly notes: Note[] = [];
  /** Entries not visited yet, the next at `top - 1`. */
  private readonly pending: number[] = [];
  /** Entries in use. */
  private size = 0;
  private top = 0;

  add(value: JsonValue, step: string | number, parent: number, note: Note): void {
    this.pending[this.top++] = this.size;
    this.values[this.size] = value;
    this.steps[this.size] = step;
    this.parents[this.size] = parent;
    this.notes[this.size] = note;
    this.size++;
  }

  /** The next entry to visit, or -1 when there is none. */
  next(): number {
    return this.top === 0 ? -1 : this.pending[--this.top]!;
  }

  value(entry: number): JsonValue {
    return this.values[entry]!;
  }

  note(entry: number): Note {
    return this.notes[entry]!;
  }

  /** The keys and indexes from the payload down to an entry. */
  pathOf(entry: number): (string | number)[] {
    const path: (string | number)[] = [];
    for (let at = entry; this.parents[at]! !== -1; at = this.parents[at]!) path.push(this.steps[at]!);
    return path.reverse();
  }

  /** How many entries' room the stack holds now (what it keeps between walks). */
  get room(): number {
    return this.values.length;
  }

  /** Ends a walk: the values hold the payload's objects and arrays, so they are let go. */
  clear(): void {
    if (this.size > KEPT_ENTRIES) {
      for (const list of [this.values, this.steps, this.parents, this.notes, this.pending]) list.length = 0;
    } else {
      this.values.fill(undefined, 0, this.size);
    }
    this.size = 0;
    this.top = 0;
  }
}

/** Most entries whose room a stack keeps between walks; real payloads have hundreds. */
const KEPT_ENTRIES = 4096;
