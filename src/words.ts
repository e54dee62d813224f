/** `1 key`, `3 keys`: counts in messages and summaries. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
